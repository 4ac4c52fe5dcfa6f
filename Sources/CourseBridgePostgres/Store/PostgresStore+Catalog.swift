import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import PostgresNIO

// Integrations, courses, search and what a sync writes: Store+Integrations, +Activation, +Courses, +CourseEditing,
// +Search and +Sync on SQLite, with the same messages.

extension PostgresStore: CatalogStore {
    // MARK: - Integrations

    public func addIntegration(provider: Provider, groupId: Int64, authorEmail: String, apiBase: String?, tokenURL: String?) throws(StoreError) -> Integration {
        let found = try run { () -> (group: Bool, author: Int64?) in
            let group = try pool.query(#"SELECT 1 FROM "group" WHERE id = $1"#, [groupId]).isEmpty == false
            let author = try pool.query(#"SELECT id FROM "user" WHERE lower(email) = lower($1)"#, [authorEmail.trimmed])
                .first.map { row throws(PostgresAccessError) in try row.decode(index: 0, as: Int64.self) }
            return (group, author)
        }
        guard found.group else { throw .notFound("no group with id \(groupId); list groups with: coursebridge group list") }
        guard let authorId = found.author else {
            throw .notFound("no user with email \(authorEmail); add one with: coursebridge user add --email \(authorEmail)")
        }
        let schedule = provider.defaultSchedule
        let created = now().storeValue
        let activeConflict = { (existing: Int64) in
            StoreError.conflict("group \(groupId) already has an active \(provider.displayName) integration (id \(existing)); deactivate it first with: coursebridge integration deactivate \(existing)")
        }
        let id: Int64 = try run {
            do {
                return try pool.transaction { tx in
                    if let existing = try tx.query("SELECT id FROM integration WHERE provider = $1 AND group_id = $2 AND state = 'active'",
                                                   [provider.rawValue, groupId]).first {
                        throw activeConflict(try existing.decode(index: 0, as: Int64.self))
                    }
                    let rows = try tx.query("""
                        INSERT INTO integration(provider, group_id, author_user_id, api_base, token_url, schedule_time, schedule_tz,
                                                configured_at, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
                        """, [provider.rawValue, groupId, authorId, apiBase ?? provider.defaultAPIBase,
                              tokenURL ?? provider.defaultTokenURL, schedule.time, schedule.timeZone, created, created])
                    return try rows[0].decode(index: 0, as: Int64.self)
                }
            } catch PostgresAccessError.uniqueViolation(let constraint, _) where constraint == "integration_one_active" {
                // Another instance added one between the check and the insert.
                let existing = try pool.query("SELECT id FROM integration WHERE provider = $1 AND group_id = $2 AND state = 'active'",
                                              [provider.rawValue, groupId]).first?.decode(index: 0, as: Int64.self)
                throw activeConflict(existing ?? 0)
            }
        }
        return try integration(id: id)
    }

    public func integrations() throws(StoreError) -> [Integration] {
        try run { try pool.query("SELECT * FROM integration ORDER BY id").map { row throws(PostgresAccessError) in try Integration(postgres: row) } }
    }

    public func integration(id: Int64) throws(StoreError) -> Integration {
        let found = try run { try fetchIntegration(pool, id: id) }
        guard let found else { throw .notFound("no integration with id \(id); list them with: coursebridge integration list") }
        return found
    }

    public func setCredentials(integrationId: Int64, values: [String: String]) throws(StoreError) {
        let integration = try integration(id: integrationId)
        let valid: [String: String]
        do { valid = try CredentialInput.validate(values, for: integration.provider) } catch { throw .invalid(error.description) }
        let json = (try? JSONEncoder().encode(valid)) ?? Data()
        let sealed = try secrets.seal(json, boundTo: Self.credentialsContext(integrationId))
        try run {
            try pool.transaction { tx in
                try requireCurrentKey(tx)
                try tx.execute("UPDATE integration SET credentials_sealed = $1 WHERE id = $2", [sealed, integrationId])
            }
        }
    }

    /// Decrypted provider credentials, for the provider clients only: never print them.
    public func credentials(integrationId: Int64) throws(StoreError) -> [String: String]? {
        let sealed = try run { () -> Data? in
            try pool.query("SELECT credentials_sealed FROM integration WHERE id = $1", [integrationId]).first?
                .decode(index: 0, as: Data?.self)
        }
        guard let sealed else { return nil }
        let data = try secrets.open(sealed, boundTo: Self.credentialsContext(integrationId))
        guard let values = try? JSONDecoder().decode([String: String].self, from: data) else { throw .sealing }
        return values
    }

    public func setLearnerIdentification(integrationId: Int64, mode: LearnerIdentification) throws(StoreError) {
        try update(integrationId, "UPDATE integration SET learner_id_mode = $1 WHERE id = $2", [mode.rawValue, integrationId])
    }

    public func setTagSync(integrationId: Int64, enabled: Bool) throws(StoreError) {
        try update(integrationId, "UPDATE integration SET tag_sync = $1 WHERE id = $2", [Int64(enabled ? 1 : 0), integrationId])
    }

    public func setSchedule(integrationId: Int64, schedule: DailySchedule) throws(StoreError) {
        try update(integrationId, "UPDATE integration SET schedule_time = $1, schedule_tz = $2 WHERE id = $3",
                   [schedule.time, schedule.timeZone, integrationId])
    }

    public func setSelectedPrograms(integrationId: Int64, programs: [String]) throws(StoreError) {
        try update(integrationId, "UPDATE integration SET selected_programs = $1 WHERE id = $2",
                   [PostgresJSONColumn.encode(programs), integrationId])
    }

    public func setEndpoints(integrationId: Int64, apiBase: String, tokenURL: String?) throws(StoreError) {
        try update(integrationId, "UPDATE integration SET api_base = $1, token_url = $2 WHERE id = $3", [apiBase, tokenURL, integrationId])
    }

    private func update(_ id: Int64, _ sql: String, _ binds: [PostgresBind?]) throws(StoreError) {
        _ = try integration(id: id)
        try run { try pool.execute(sql, binds) }
    }

    /// Deactivation stops synchronization and archives every course of the integration; learner data stays.
    @discardableResult
    public func deactivate(integrationId: Int64) throws(StoreError) -> Int {
        let integration = try integration(id: integrationId)
        guard integration.state == .active else { throw .conflict("integration \(integrationId) is already deactivated") }
        let at = now().storeValue
        return try run {
            try pool.transaction { tx in
                try tx.execute("UPDATE integration SET state = 'deactivated' WHERE id = $1", [integrationId])
                return try tx.execute("UPDATE course SET status = 'archived', updated_at = $1 WHERE integration_id = $2 AND status = 'active'",
                                      [at, integrationId])
            }
        }
    }

    /// Refused while the group has another active integration of the same provider; the partial unique index
    /// `integration_one_active` settles two instances activating at once.
    public func activate(integrationId: Int64) throws(StoreError) {
        let integration = try integration(id: integrationId)
        guard integration.state == .deactivated else { throw .conflict("integration \(integrationId) is already active") }
        let otherActive = { (other: Int64) in
            StoreError.conflict("group \(integration.groupId) already has an active \(integration.provider.displayName) "
                + "integration (id \(other)); deactivate it first with: coursebridge integration deactivate \(other)")
        }
        let findOther = { (db: any PostgresQuerying) throws -> Int64? in
            try db.query("SELECT id FROM integration WHERE provider = $1 AND group_id = $2 AND state = 'active' AND id <> $3",
                         [integration.provider.rawValue, integration.groupId, integrationId]).first?.decode(index: 0, as: Int64.self)
        }
        try run {
            do {
                try pool.transaction { tx in
                    if let other = try findOther(tx) { throw otherActive(other) }
                    try tx.execute("UPDATE integration SET state = 'active' WHERE id = $1", [integrationId])
                }
            } catch PostgresAccessError.uniqueViolation(let constraint, _) where constraint == "integration_one_active" {
                throw otherActive(try findOther(pool) ?? 0)
            }
        }
    }

    /// Generates the webhook client id and secret when absent, or a new secret when `rotate` is set. Only the
    /// secret's SHA-256 is stored; the secret is returned when just (re)generated, and never again.
    public func webhookCredentials(integrationId: Int64, rotate: Bool) throws(StoreError) -> (WebhookCredentials, generated: Bool) {
        let integration = try integration(id: integrationId)
        let hasSecret = try run { () -> Bool in
            try pool.query("SELECT webhook_secret_hash IS NOT NULL FROM integration WHERE id = $1", [integrationId]).first?
                .decode(index: 0, as: Bool.self) ?? false
        }
        if hasSecret, let clientId = integration.webhookClientId, !rotate {
            return (WebhookCredentials(clientId: clientId, clientSecret: nil), false)
        }
        let clientId = integration.webhookClientId ?? "cb-\(integration.provider.rawValue)-\(TokenDigest.random(bytes: 6, hex: true))"
        let secret = TokenDigest.random(bytes: 32, hex: false)
        try run {
            try pool.transaction { tx in
                try tx.execute("""
                    UPDATE integration SET webhook_client_id = $1, webhook_secret_hash = $2, webhook_secret_sealed = NULL WHERE id = $3
                    """, [clientId, TokenDigest.sha256Hex(secret), integrationId])
                // A rotated secret invalidates the tokens issued with the old one.
                try tx.execute("DELETE FROM webhook_token WHERE integration_id = $1", [integrationId])
            }
        }
        return (WebhookCredentials(clientId: clientId, clientSecret: secret), true)
    }

    public func saveFilters(integrationId: Int64, filter: CatalogFilter, archiving courseIds: [Int64]) throws(StoreError) {
        let integration = try integration(id: integrationId)
        let at = now().storeValue
        try run {
            try pool.transaction { tx in
                try tx.execute("UPDATE integration SET language_filter = $1, content_type_filter = $2 WHERE id = $3",
                               [PostgresJSONColumn.encode(filter.languages), PostgresJSONColumn.encode(filter.contentTypes), integration.id])
                if !courseIds.isEmpty {
                    try tx.execute("UPDATE course SET status = 'archived', updated_at = $1 WHERE id = ANY($2)", [at, courseIds])
                }
            }
        }
    }

    // MARK: - Courses

    public func course(id: Int64) throws(StoreError) -> Course {
        let found = try run { try fetchCourse(pool, id: id) }
        guard let found else { throw .notFound("no course with id \(id); list them with: coursebridge courses") }
        return found
    }

    public func courses(_ query: CourseQuery) throws(StoreError) -> [Course] {
        if let id = query.integrationId { _ = try integration(id: id) }
        var sql = "SELECT * FROM course WHERE true"
        var binds: [PostgresBind?] = []
        if let id = query.integrationId { binds.append(id); sql += " AND integration_id = $\(binds.count)" }
        if let status = query.status { binds.append(status.rawValue); sql += " AND status = $\(binds.count)" }
        binds.append(query.limit.map(Int64.init))
        binds.append(Int64(query.offset))
        sql += " ORDER BY id LIMIT $\(binds.count - 1) OFFSET $\(binds.count)"
        let text = sql, arguments = binds
        return try run { try pool.query(text, arguments).map { row throws(PostgresAccessError) in try Course(postgres: row) } }
    }

    public func courseCounts(integrationId: Int64) throws(StoreError) -> (active: Int, archived: Int) {
        try run {
            let row = try pool.query("""
                SELECT count(*) FILTER (WHERE status = 'active'), count(*) FILTER (WHERE status = 'archived')
                FROM course WHERE integration_id = $1
                """, [integrationId])[0]
            return (Int(try row.decode(index: 0, as: Int64.self)), Int(try row.decode(index: 1, as: Int64.self)))
        }
    }

    public func tags(courseId: Int64) throws(StoreError) -> [(name: String, source: TagSource)] {
        try run {
            // "C": byte order, as SQLite sorts.
            try pool.query(#"SELECT name, source FROM course_tag WHERE course_id = $1 ORDER BY source COLLATE "C", name COLLATE "C""#,
                           [courseId]).map { row throws(PostgresAccessError) in
                (name: try row.decode(index: 0, as: String.self),
                 source: TagSource(rawValue: try row.decode(index: 1, as: String.self)) ?? .manual)
            }
        }
    }

    public func courseDetails(id: Int64) throws(StoreError) -> CourseDetails {
        let course = try course(id: id)
        let tags = try tags(courseId: id).map { CourseDetails.Tag(name: $0.name, source: $0.source) }
        return try run {
            let skills = try pool.query(#"SELECT name FROM course_skill WHERE course_id = $1 ORDER BY name COLLATE "C""#, [id])
                .map { row throws(PostgresAccessError) in try row.decode(index: 0, as: String.self) }
            let groups = try pool.query("SELECT group_id FROM library_entry WHERE course_id = $1 ORDER BY group_id", [id])
                .map { row throws(PostgresAccessError) in try row.decode(index: 0, as: Int64.self) }
            return CourseDetails(course: course, tags: tags, skills: skills, libraryGroups: groups)
        }
    }

    @discardableResult
    public func addSkill(courseId: Int64, skill: String) throws(StoreError) -> Bool {
        _ = try course(id: courseId)
        return try run {
            try pool.execute("INSERT INTO course_skill(course_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING", [courseId, skill]) > 0
        }
    }

    @discardableResult
    public func removeSkill(courseId: Int64, skill: String) throws(StoreError) -> Bool {
        _ = try course(id: courseId)
        return try run {
            try pool.execute("DELETE FROM course_skill WHERE course_id = $1 AND lower(name) = lower($2)", [courseId, skill]) > 0
        }
    }

    /// A manual tag stays through every sync.
    @discardableResult
    public func addManualTag(courseId: Int64, tag: String) throws(StoreError) -> Bool {
        _ = try course(id: courseId)
        return try run {
            try pool.execute("""
                INSERT INTO course_tag(course_id, name, source) SELECT $1, $2, 'manual'
                WHERE NOT EXISTS (SELECT 1 FROM course_tag WHERE course_id = $1 AND lower(name) = lower($2) AND source = 'manual')
                ON CONFLICT DO NOTHING
                """, [courseId, tag]) > 0
        }
    }

    @discardableResult
    public func removeManualTag(courseId: Int64, tag: String) throws(StoreError) -> Bool {
        _ = try course(id: courseId)
        return try run {
            try pool.execute("DELETE FROM course_tag WHERE course_id = $1 AND lower(name) = lower($2) AND source = 'manual'",
                             [courseId, tag]) > 0
        }
    }

    // MARK: - Search

    /// Courses matching every word of `text`, best first, filtered by the query's integration and status. The
    /// index catches up first (`course_search_refresh()`), so what was just written is found.
    public func searchCourses(_ text: String, _ query: CourseQuery) throws(StoreError) -> [Course] {
        guard let match = PostgresSearch.tsQuery(text) else {
            throw .invalid("the search text '\(text)' has no words; give at least one, e.g. --search leadership")
        }
        if let id = query.integrationId { _ = try integration(id: id) }
        try refreshSearchIndex()
        var binds: [PostgresBind?] = [match, query.limit.map(Int64.init), Int64(query.offset)]
        var filters: [String] = []
        if let id = query.integrationId { binds.append(id); filters.append("f.integration_id = $\(binds.count)") }
        if let status = query.status { binds.append(status.rawValue); filters.append("f.status = $\(binds.count)") }
        let ranked = PostgresSearch.rankedIdsSQL(filter: filters.isEmpty ? nil : filters.joined(separator: " AND "))
        let sql = "SELECT c.* FROM (\(ranked)) r JOIN course c ON c.id = r.id ORDER BY r.score DESC, r.id"
        let arguments = binds
        return try run { try pool.query(sql, arguments).map { row throws(PostgresAccessError) in try Course(postgres: row) } }
    }

    /// Brings the search index up to date; cheap when nothing changed (one probe).
    @discardableResult
    public func refreshSearchIndex() throws(StoreError) -> Int {
        searchCatchUp.waitForBackground()
        return try run {
            guard try pool.query(PostgresSearch.isBehindSQL).first?.decode(index: 0, as: Bool.self) == true else { return 0 }
            return Int(try pool.query(PostgresSearch.refreshSQL).first?.decode(index: 0, as: Int64.self) ?? 0)
        }
    }

    /// The benchmark's baseline: the words found by scanning every course (ILIKE: SQLite's LIKE ignores case).
    public func searchCoursesByScan(_ text: String, limit: Int) throws(StoreError) -> [Course] {
        let words = text.split { !($0.isLetter || $0.isNumber) }.map { "%\($0)%" }
        guard !words.isEmpty else { return [] }
        var binds: [PostgresBind?] = []
        var conditions: [String] = [], titleHits: [String] = []
        for word in words {
            binds.append(word)
            let n = binds.count
            conditions.append("""
                (c.title ILIKE $\(n) OR c.description ILIKE $\(n)
                 OR EXISTS (SELECT 1 FROM course_tag t WHERE t.course_id = c.id AND t.name ILIKE $\(n))
                 OR EXISTS (SELECT 1 FROM course_skill s WHERE s.course_id = c.id AND s.name ILIKE $\(n)))
                """)
            titleHits.append("(c.title ILIKE $\(n))::int")
        }
        binds.append(Int64(limit))
        let sql = "SELECT c.* FROM course c WHERE " + conditions.joined(separator: " AND ")
            + " ORDER BY \(titleHits.joined(separator: " + ")) DESC, c.id LIMIT $\(binds.count)"
        let arguments = binds
        return try run { try pool.query(sql, arguments).map { row throws(PostgresAccessError) in try Course(postgres: row) } }
    }

    // MARK: - What a sync reads

    /// Every course of a provider with its tags, in two queries (read by position: 100,000 rows at a sync's start).
    public func knownCourses(provider: Provider) throws(StoreError) -> [String: KnownCourseRecord] {
        try run {
            var tags: [Int64: (synced: [String], manual: [String])] = [:]
            for row in try pool.query("""
                SELECT t.course_id, t.name, t.source FROM course_tag t JOIN course c ON c.id = t.course_id WHERE c.provider = $1
                """, [provider.rawValue]) {
                var cells = row.makeIterator()
                guard let idCell = cells.next(), let nameCell = cells.next(), let sourceCell = cells.next() else { continue }
                let id = try idCell.decode(Int64.self)
                var entry = tags[id] ?? ([], [])
                if try sourceCell.decode(String.self) == TagSource.synced.rawValue {
                    entry.synced.append(try nameCell.decode(String.self))
                } else {
                    entry.manual.append(try nameCell.decode(String.self))
                }
                tags[id] = entry
            }
            var result: [String: KnownCourseRecord] = [:]
            let rows = try pool.query("""
                SELECT id, integration_id, provider_id, status, fingerprint, launch_url FROM course WHERE provider = $1
                """, [provider.rawValue])
            result.reserveCapacity(rows.count)
            for row in rows {
                let cells = Array(row)
                guard cells.count == 6 else { continue }
                let id = try cells[0].decode(Int64.self)
                let t = tags[id] ?? ([], [])
                let fingerprint = try cells[4].decode(String?.self).flatMap(CatalogFingerprint.init(hex:))
                result[try cells[2].decode(String.self)] = KnownCourseRecord(
                    courseId: id, integrationId: try cells[1].decode(Int64?.self), launchURL: try cells[5].decode(String?.self),
                    known: KnownCourse(status: CourseStatus(rawValue: try cells[3].decode(String.self)) ?? .active,
                                       fingerprint: fingerprint, syncedTags: t.synced, manualTags: t.manual))
            }
            return result
        }
    }

    // MARK: - Writing a page

    /// Applies one page in one transaction, each kind of write as one multi-row statement (a page costs a handful
    /// of round trips, not several per course). As on SQLite, catalog pages are data the next sync derives again:
    /// the commit does not wait for the WAL flush (`synchronous_commit = off`); a crash of the server may lose the
    /// last pages, never corrupt them.
    public func apply(_ writes: PageWrites, integration: Integration, groups: [Int64], runId: Int64?) throws(StoreError) {
        guard !writes.isEmpty else { return }
        guard let integrationId = integration.id else { throw .notFound("the integration has no id") }
        let at = now().storeValue
        let noted = try run {
            try pool.transaction { tx in
                try tx.execute("SET LOCAL synchronous_commit = off")
                var tags: [(Int64, String)] = []
                var translations: [(Int64, Translation)] = []
                if !writes.created.isEmpty {
                    let ids = try insertCourses(writes.created, integration: integration, integrationId: integrationId,
                                                groups: groups, at: at, tx)
                    for (new, id) in zip(writes.created, ids) {
                        tags += new.syncedTags.map { (id, $0) }
                        translations += new.item.translations.map { (id, $0) }
                    }
                }
                var removed: [(Int64, String)] = []
                var rewritten: [(Int64, CatalogItem)] = []
                for (courseId, item, changes) in writes.updated {
                    if changes.metadata || changes.reactivated {
                        rewritten.append((courseId, item))
                        translations += item.translations.map { (courseId, $0) }
                    }
                    tags += changes.tagsToAdd.map { (courseId, $0) }
                    removed += changes.tagsToRemove.map { (courseId, $0) }
                }
                try updateCourses(rewritten, at: at, tx)
                try writeTranslations(translations, tx)
                if !tags.isEmpty {
                    try tx.execute("""
                        INSERT INTO course_tag(course_id, name, source) SELECT c, n, 'synced' FROM unnest($1::bigint[], $2::text[]) AS t(c, n)
                        ON CONFLICT DO NOTHING
                        """, [tags.map(\.0), tags.map(\.1)])
                }
                if !removed.isEmpty {
                    try tx.execute("""
                        DELETE FROM course_tag t USING unnest($1::bigint[], $2::text[]) AS r(c, n)
                        WHERE t.course_id = r.c AND lower(t.name) = lower(r.n) AND t.source = 'synced'
                        """, [removed.map(\.0), removed.map(\.1)])
                }
                if let runId, !writes.warnings.isEmpty {
                    try tx.execute("""
                        INSERT INTO sync_run_error(run_id, provider_id, message, kind)
                        SELECT $1, p, m, 'warning' FROM unnest($2::text[], $3::text[]) AS w(p, m)
                        """, [runId, writes.warnings.map(\.providerId), writes.warnings.map(\.message)])
                }
                return writes.created.count + rewritten.count + tags.count + removed.count
            }
        }
        searchCatchUp.noted(noted)
    }

    /// Rows per multi-row statement: binds per statement stay under PostgreSQL's 65,535 (VALUES lists), and a
    /// statement's arrays stay a few hundred kilobytes.
    private static let rowsPerStatement = 1_000

    /// Inserts the page's new courses, each in the catalog and library of `groups`, in one fixed statement per chunk
    /// (columns as arrays; the entries were two more round trips a page); the courses' ids, in order.
    private func insertCourses(_ created: [NewCourse], integration: Integration, integrationId: Int64, groups: [Int64],
                               at: Double, _ tx: PostgresTransaction) throws -> [Int64] {
        var ids: [Int64] = []
        ids.reserveCapacity(created.count)
        for start in stride(from: 0, to: created.count, by: Self.rowsPerStatement) {
            let chunk = created[start..<min(start + Self.rowsPerStatement, created.count)]
            let items = chunk.map(\.item)
            let binds: [PostgresBind?] = [
                integrationId, integration.provider.rawValue, integration.authorUserId, at, groups,
                items.map(\.providerId), items.map(\.title), items.map(\.description),
                PostgresArrayLiteral.text(items.map(\.thumbnailURL)),
                items.map { PostgresJSONColumn.encode($0.authors) }, items.map { PostgresJSONColumn.encode($0.subjects) },
                PostgresArrayLiteral.integers(items.map { $0.durationSeconds.map(Int64.init) }),
                PostgresArrayLiteral.text(items.map(\.difficulty)),
                items.map { PostgresJSONColumn.encode($0.languages) }, items.map(\.contentType),
                PostgresArrayLiteral.doubles(items.map { $0.lastUpdatedAt?.storeValue }),
                PostgresArrayLiteral.text(items.map(\.launchURL)),
                chunk.map(\.fingerprint.hex),
            ]
            let returned = try tx.query(Self.insertCoursesSQL, binds)
            var byProviderId: [String: Int64] = [:]
            for row in returned {
                byProviderId[try row.decode(index: 1, as: String.self)] = try row.decode(index: 0, as: Int64.self)
            }
            for item in items {
                guard let id = byProviderId[item.providerId] else {
                    throw PostgresAccessError.other("course \(item.providerId) was not inserted")
                }
                ids.append(id)
            }
        }
        return ids
    }

    /// $1 integration, $2 provider, $3 main author, $4 time, $5 groups; then one array per column.
    private static let insertCoursesSQL = """
        WITH new AS (
            INSERT INTO course(integration_id, provider, provider_id, title, description, thumbnail_url, authors, subjects,
                duration_seconds, difficulty, languages, content_type, last_updated_at, status, launch_url,
                main_author_user_id, fingerprint, created_at, updated_at)
            SELECT $1, $2, r.provider_id, r.title, r.description, r.thumbnail_url, r.authors, r.subjects,
                r.duration_seconds, r.difficulty, r.languages, r.content_type, r.last_updated_at, 'active', r.launch_url,
                $3, r.fingerprint, $4, $4
            FROM unnest($6::text[], $7::text[], $8::text[], $9::text::text[], $10::text[], $11::text[],
                        $12::text::bigint[], $13::text::text[], $14::text[], $15::text[], $16::text::double precision[],
                        $17::text::text[], $18::text[])
                 WITH ORDINALITY AS r(provider_id, title, description, thumbnail_url, authors, subjects, duration_seconds,
                                      difficulty, languages, content_type, last_updated_at, launch_url, fingerprint, n)
            ORDER BY r.n
            RETURNING id, provider_id),
        catalog AS (
            INSERT INTO catalog_entry(group_id, course_id) SELECT g, new.id FROM new CROSS JOIN unnest($5::bigint[]) g
            ON CONFLICT DO NOTHING),
        library AS (
            INSERT INTO library_entry(group_id, course_id) SELECT g, new.id FROM new CROSS JOIN unnest($5::bigint[]) g
            ON CONFLICT DO NOTHING)
        SELECT id, provider_id FROM new
        """

    /// Rewrites the metadata of courses whose listing changed (or that came back), as one UPDATE … FROM VALUES.
    private func updateCourses(_ rewritten: [(Int64, CatalogItem)], at: Double, _ tx: PostgresTransaction) throws {
        let types = ["bigint", "text", "text", "text", "text", "text", "bigint", "text", "text", "text",
                     "double precision", "text", "text"]
        for start in stride(from: 0, to: rewritten.count, by: Self.rowsPerStatement) {
            let chunk = rewritten[start..<min(start + Self.rowsPerStatement, rewritten.count)]
            var binds: [PostgresBind?] = [at]
            var rows: [String] = []
            for (courseId, item) in chunk {
                let base = binds.count
                binds += [courseId, item.title, item.description, item.thumbnailURL, PostgresJSONColumn.encode(item.authors),
                          PostgresJSONColumn.encode(item.subjects), item.durationSeconds.map(Int64.init), item.difficulty,
                          PostgresJSONColumn.encode(item.languages), item.contentType, item.lastUpdatedAt?.storeValue,
                          item.launchURL, CatalogFingerprint(item).hex]
                rows.append("(" + types.enumerated().map { "$\(base + $0.offset + 1)::\($0.element)" }.joined(separator: ", ") + ")")
            }
            try tx.execute("""
                UPDATE course c SET title = v.title, description = v.description, thumbnail_url = v.thumbnail_url,
                    authors = v.authors, subjects = v.subjects, duration_seconds = v.duration_seconds, difficulty = v.difficulty,
                    languages = v.languages, content_type = v.content_type, last_updated_at = v.last_updated_at,
                    launch_url = v.launch_url, fingerprint = v.fingerprint, status = 'active', updated_at = $1
                FROM (VALUES \(rows.joined(separator: ", "))) AS v(id, title, description, thumbnail_url, authors, subjects,
                    duration_seconds, difficulty, languages, content_type, last_updated_at, launch_url, fingerprint)
                WHERE c.id = v.id
                """, binds)
        }
    }

    /// Upserts translations (SQLite's INSERT OR REPLACE); a course's language written twice keeps the last.
    private func writeTranslations(_ translations: [(Int64, Translation)], _ tx: PostgresTransaction) throws {
        guard !translations.isEmpty else { return }
        var last: [String: Int] = [:]
        for (i, (id, t)) in translations.enumerated() { last["\(id)\u{0}\(t.language)"] = i }
        let kept = translations.enumerated().filter { last["\($0.element.0)\u{0}\($0.element.1.language)"] == $0.offset }.map(\.element)
        try tx.execute("""
            INSERT INTO course_translation(course_id, language, title, description)
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])
            ON CONFLICT (course_id, language) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description
            """, [kept.map(\.0), kept.map(\.1.language), kept.map(\.1.title), kept.map(\.1.description)])
    }

    /// Archives courses by id in one statement; learning data (attempts) stays.
    @discardableResult
    public func archiveCourses(_ courseIds: [Int64]) throws(StoreError) -> Int {
        guard !courseIds.isEmpty else { return 0 }
        let at = now().storeValue
        return try run {
            try pool.execute("UPDATE course SET status = 'archived', updated_at = $1 WHERE id = ANY($2) AND status = 'active'",
                             [at, courseIds])
        }
    }

    /// Another course with the same launch URL (imported another way): the duplicates warning.
    public func courseId(launchURL: String, excludingProvider provider: Provider, providerId: String) throws(StoreError) -> Int64? {
        try run {
            try pool.query("SELECT id FROM course WHERE launch_url = $1 AND NOT (provider = $2 AND provider_id = $3) LIMIT 1",
                           [launchURL, provider.rawValue, providerId]).first?.decode(index: 0, as: Int64.self)
        }
    }

    public func activeCourseCount(integrationId: Int64) throws(StoreError) -> Int {
        try run {
            Int(try pool.query("SELECT count(*) FROM course WHERE integration_id = $1 AND status = 'active'", [integrationId])[0]
                .decode(index: 0, as: Int64.self))
        }
    }

    /// Launch URLs of courses not synchronized by this provider, loaded once per run for the duplicates warning.
    public func foreignLaunchURLs(provider: Provider) throws(StoreError) -> [String: Int64] {
        let others = Provider.allCases.filter { $0 != provider }.map(\.rawValue)
        return try run {
            var result: [String: Int64] = [:]
            for row in try pool.query("""
                SELECT launch_url, id FROM course WHERE provider = ANY($1) AND launch_url IS NOT NULL
                UNION ALL
                SELECT launch_url, id FROM course WHERE integration_id IS NULL AND launch_url IS NOT NULL
                """, [others]) {
                result[try row.decode(index: 0, as: String.self)] = try row.decode(index: 1, as: Int64.self)
            }
            return result
        }
    }
}
