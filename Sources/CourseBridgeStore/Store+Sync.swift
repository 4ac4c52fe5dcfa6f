import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

extension Store {
    // MARK: - Reading what is known

    /// Every course of a provider (any integration), keyed by provider id, with its tags.
    public func knownCourses(provider: Provider) throws(StoreError) -> [String: KnownCourseRecord] {
        try read { db in
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM course WHERE provider = ?", arguments: [provider.rawValue]) ?? 0
            var result: [String: KnownCourseRecord] = [:]
            result.reserveCapacity(count)
            // One pass over the table (`+c.provider`: not through the provider index, which reads courses in
            // provider-id order, a table lookup each), every course's tags right after it. Two queries and a map of
            // tags by course id took longer, even with as many courses of another provider in the table.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT c.id, c.integration_id, c.provider_id, c.status, c.fingerprint, c.launch_url, t.name, t.source
                FROM course c LEFT JOIN course_tag t ON t.course_id = c.id WHERE +c.provider = ?
                """, arguments: [provider.rawValue])
            var current: (providerId: String, record: KnownCourseRecord)?
            func keep(_ course: (providerId: String, record: KnownCourseRecord)) {
                // A join reads a course's tags together; merged all the same if one ever came apart.
                guard let earlier = result.updateValue(course.record, forKey: course.providerId) else { return }
                result[course.providerId]?.known.syncedTags = earlier.known.syncedTags + course.record.known.syncedTags
                result[course.providerId]?.known.manualTags = earlier.known.manualTags + course.record.known.manualTags
            }
            while let row = try rows.next() {
                let courseId: Int64 = row[0]
                if current?.record.courseId != courseId {
                    if let done = current { keep(done) }
                    let providerId: String = row[2]
                    current = (providerId, KnownCourseRecord(
                        courseId: courseId, integrationId: row[1], launchURL: row[5],
                        known: KnownCourse(status: CourseStatus(rawValue: row[3]) ?? .active,
                                           fingerprint: (row[4] as String?).flatMap(CatalogFingerprint.init(hex:)))))
                }
                guard let name: String = row[6] else { continue }
                if (row[7] as String) == TagSource.synced.rawValue { current?.record.known.syncedTags.append(name) }
                else { current?.record.known.manualTags.append(name) }
            }
            if let done = current { keep(done) }
            return result
        }
    }

    // MARK: - Writing a page

    /// Applies one page in one transaction: created courses join the catalog and library of `groups`.
    public func apply(_ writes: PageWrites, integration: Integration, groups: [Int64], runId: Int64?) throws(StoreError) {
        guard !writes.isEmpty else { return }
        let at = now().storeValue
        let integrationId = integration.id
        try writeRederivable { db in
            let insertCourse = try db.cachedStatement(sql: """
                INSERT INTO course(integration_id, provider, provider_id, title, description, thumbnail_url, authors, subjects,
                    duration_seconds, difficulty, languages, content_type, last_updated_at, status, launch_url,
                    main_author_user_id, fingerprint, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)
                """)
            let removeTag = try db.cachedStatement(sql: "DELETE FROM course_tag WHERE course_id = ? AND name = ? COLLATE NOCASE AND source = 'synced'")
            let updateCourse = try db.cachedStatement(sql: """
                UPDATE course SET title = ?, description = ?, thumbnail_url = ?, authors = ?, subjects = ?, duration_seconds = ?,
                    difficulty = ?, languages = ?, content_type = ?, last_updated_at = ?, launch_url = ?, fingerprint = ?,
                    status = 'active', updated_at = ? WHERE id = ?
                """)
            // A course's own row first (its id is needed), then its other rows gathered for the whole page
            // (`MultiRowInsert`). A course's tags are added before any are removed, as `TagSync.plan` intends.
            var entries: [(group: Int64, course: Int64)] = [], tags: [(course: Int64, name: String)] = []
            var translations: [(course: Int64, translation: Translation)] = []
            entries.reserveCapacity(writes.created.count * groups.count)
            let provider = integration.provider.rawValue
            for new in writes.created {
                let item = new.item
                try insertCourse.executeDirect { row in
                    row.bind(integrationId); row.bind(provider); row.bind(item.providerId); row.bind(item.title)
                    row.bind(item.description); row.bind(item.thumbnailURL); row.bind(JSONColumn.encode(item.authors))
                    row.bind(JSONColumn.encode(item.subjects)); row.bind(item.durationSeconds); row.bind(item.difficulty)
                    row.bind(JSONColumn.encode(item.languages)); row.bind(item.contentType)
                    row.bind(item.lastUpdatedAt?.storeValue); row.bind(item.launchURL); row.bind(integration.authorUserId)
                    row.bind(new.fingerprint.hex); row.bind(at); row.bind(at)
                }
                let courseId = db.lastInsertedRowID
                for group in groups { entries.append((group, courseId)) }
                for tag in new.syncedTags { tags.append((courseId, tag)) }
                for t in item.translations { translations.append((courseId, t)) }
            }
            var removals: [(course: Int64, name: String)] = []
            for (courseId, item, changes) in writes.updated {
                if changes.metadata || changes.reactivated {
                    try updateCourse.executeDirect { row in
                        row.bind(item.title); row.bind(item.description); row.bind(item.thumbnailURL)
                        row.bind(JSONColumn.encode(item.authors)); row.bind(JSONColumn.encode(item.subjects))
                        row.bind(item.durationSeconds); row.bind(item.difficulty); row.bind(JSONColumn.encode(item.languages))
                        row.bind(item.contentType); row.bind(item.lastUpdatedAt?.storeValue); row.bind(item.launchURL)
                        row.bind(CatalogFingerprint(item).hex); row.bind(at); row.bind(courseId)
                    }
                    for t in item.translations { translations.append((courseId, t)) }
                }
                for tag in changes.tagsToAdd { tags.append((courseId, tag)) }
                for tag in changes.tagsToRemove { removals.append((courseId, tag)) }
            }
            // Catalog and library entries: the same (group, course) rows in two tables.
            let bindEntry = { (row: inout DirectBinder, entry: (group: Int64, course: Int64)) in
                row.bind(entry.group); row.bind(entry.course)
            }
            try MultiRowInsert.catalogEntries.execute(db, entries, bind: bindEntry)
            try MultiRowInsert.libraryEntries.execute(db, entries, bind: bindEntry)
            try MultiRowInsert.syncedTags.execute(db, tags) { row, tag in
                row.bind(tag.course); row.bind(tag.name)
            }
            try MultiRowInsert.translations.execute(db, translations) { row, entry in
                row.bind(entry.course); row.bind(entry.translation.language)
                row.bind(entry.translation.title); row.bind(entry.translation.description)
            }
            for tag in removals { try removeTag.execute(arguments: [tag.course, tag.name]) }
            if let runId, !writes.warnings.isEmpty {
                let insertWarning = try db.cachedStatement(sql: "INSERT INTO sync_run_error(run_id, provider_id, message, kind) VALUES (?, ?, ?, 'warning')")
                for w in writes.warnings { try insertWarning.execute(arguments: [runId, w.providerId, w.message]) }
            }
        }
        searchCatchUp.noted(writes.created.count + writes.updated.count)
    }

    /// Archives courses by id in one transaction; learning data (attempts) stays.
    @discardableResult
    public func archiveCourses(_ courseIds: [Int64]) throws(StoreError) -> Int {
        guard !courseIds.isEmpty else { return 0 }
        let at = now().storeValue
        return try write { db in
            let statement = try db.cachedStatement(sql: "UPDATE course SET status = 'archived', updated_at = ? WHERE id = ? AND status = 'active'")
            var changed = 0
            for id in courseIds {
                try statement.execute(arguments: [at, id])
                changed += db.changesCount
            }
            return changed
        }
    }

    /// Another course with the same launch URL (imported another way): the duplicates warning.
    public func courseId(launchURL: String, excludingProvider provider: Provider, providerId: String) throws(StoreError) -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM course WHERE launch_url = ? AND NOT (provider = ? AND provider_id = ?) LIMIT 1",
                               arguments: [launchURL, provider.rawValue, providerId])
        }
    }

    public func activeCourseCount(integrationId: Int64) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM course WHERE integration_id = ? AND status = 'active'", arguments: [integrationId]) ?? 0
        }
    }
}

extension Store {
    /// Launch URLs of courses not synchronized by this provider (imported another way, or another provider's),
    /// loaded once per run for the duplicates warning.
    public func foreignLaunchURLs(provider: Provider) throws(StoreError) -> [String: Int64] {
        try read { db in
            var result: [String: Int64] = [:]
            // Written as two indexed lookups (other providers' courses, courses added by hand) rather than
            // `provider != ?`, which scanned every course of this provider at the start of each run.
            let others = Provider.allCases.filter { $0 != provider }.map(\.rawValue)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT launch_url, id FROM course WHERE provider IN (\(others.map { _ in "?" }.joined(separator: ",")))
                    AND launch_url IS NOT NULL
                UNION ALL
                SELECT launch_url, id FROM course WHERE integration_id IS NULL AND launch_url IS NOT NULL
                """, arguments: StatementArguments(others))
            while let row = try rows.next() { result[row[0]] = row[1] }
            return result
        }
    }
}
