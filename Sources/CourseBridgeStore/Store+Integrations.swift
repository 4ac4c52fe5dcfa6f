import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

extension Integration {
    init(row: Row) {
        let provider = Provider(rawValue: row["provider"]) ?? .linkedin
        let schedule = (try? DailySchedule(time: row["schedule_time"], timeZone: row["schedule_tz"])) ?? provider.defaultSchedule
        self.init(id: row["id"], provider: provider, groupId: row["group_id"], authorUserId: row["author_user_id"],
                  apiBase: row["api_base"], tokenURL: row["token_url"],
                  learnerIdentification: LearnerIdentification(rawValue: row["learner_id_mode"]) ?? .email,
                  languageFilter: JSONColumn.decode(row["language_filter"]),
                  contentTypeFilter: JSONColumn.decode(row["content_type_filter"]),
                  tagSync: row["tag_sync"], schedule: schedule,
                  state: IntegrationState(rawValue: row["state"]) ?? .active,
                  hasCredentials: (row["credentials_sealed"] as Data?) != nil,
                  webhookClientId: row["webhook_client_id"],
                  configuredAt: Date(storeValue: row["configured_at"]),
                  selectedPrograms: JSONColumn.decode(row["selected_programs"]),
                  archiveThreshold: row["archive_threshold"],
                  fullListingEveryDays: row["full_listing_days"] ?? ListingRule.defaultFullListingDays)
    }
}

extension Store {
    // MARK: - Create and read

    /// Writes a new integration. Who may author it is the engine's decision (`IntegrationAuthoring`), made before;
    /// the store refuses only a second active integration of one provider in one group.
    public func addIntegration(provider: Provider, groupId: Int64, authorEmail: String, apiBase: String?,
                               tokenURL: String?) throws(StoreError) -> Integration {
        _ = try self.group(id: groupId)
        let author = try user(email: authorEmail)
        guard let authorId = author.id else { throw .notFound("author not found") }
        let schedule = provider.defaultSchedule
        let created = now()
        let id: Int64 = try write { db in
            if let existing = try Int64.fetchOne(db, sql: """
                SELECT id FROM integration WHERE provider = ? AND group_id = ? AND state = 'active'
                """, arguments: [provider.rawValue, groupId]) {
                throw StoreError.conflict("group \(groupId) already has an active \(provider.displayName) integration (id \(existing)); deactivate it first with: coursebridge integration deactivate \(existing)")
            }
            try db.execute(sql: """
                INSERT INTO integration(provider, group_id, author_user_id, api_base, token_url, schedule_time, schedule_tz,
                                        configured_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [provider.rawValue, groupId, authorId, apiBase ?? provider.defaultAPIBase,
                                 tokenURL ?? provider.defaultTokenURL, schedule.time, schedule.timeZone,
                                 created.storeValue, created.storeValue])
            return db.lastInsertedRowID
        }
        return try integration(id: id)
    }

    public func integrations() throws(StoreError) -> [Integration] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM integration ORDER BY id").map(Integration.init(row:)) }
    }

    public func integration(id: Int64) throws(StoreError) -> Integration {
        let found = try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM integration WHERE id = ?", arguments: [id]).map(Integration.init(row:))
        }
        guard let found else { throw .notFound("no integration with id \(id); list them with: coursebridge integration list") }
        return found
    }

    // MARK: - Settings

    public func setCredentials(integrationId: Int64, values: [String: String]) throws(StoreError) {
        let integration = try integration(id: integrationId)
        let valid: [String: String]
        do { valid = try CredentialInput.validate(values, for: integration.provider) } catch { throw .invalid(error.description) }
        let sealed = try secrets.sealJSON(valid, boundTo: SealedColumn.integrationCredentials.context(integrationId))
        try write { db in
            try self.requireCurrentKey(db)
            try db.execute(sql: "UPDATE integration SET credentials_sealed = ? WHERE id = ?", arguments: [sealed, integrationId])
        }
    }

    /// Decrypted provider credentials, for the provider clients only: never print them.
    public func credentials(integrationId: Int64) throws(StoreError) -> [String: String]? {
        let sealed = try read { db in
            try Data.fetchOne(db, sql: "SELECT credentials_sealed FROM integration WHERE id = ?", arguments: [integrationId])
        }
        guard let sealed else { return nil }
        return try secrets.openJSON(sealed, boundTo: SealedColumn.integrationCredentials.context(integrationId))
    }

    public func setLearnerIdentification(integrationId: Int64, mode: LearnerIdentification) throws(StoreError) {
        try update(integrationId, sql: "UPDATE integration SET learner_id_mode = ? WHERE id = ?", mode.rawValue)
    }

    public func setTagSync(integrationId: Int64, enabled: Bool) throws(StoreError) {
        try update(integrationId, sql: "UPDATE integration SET tag_sync = ? WHERE id = ?", enabled)
    }

    public func setSchedule(integrationId: Int64, schedule: DailySchedule) throws(StoreError) {
        _ = try integration(id: integrationId)
        try write { db in
            try db.execute(sql: "UPDATE integration SET schedule_time = ?, schedule_tz = ? WHERE id = ?",
                           arguments: [schedule.time, schedule.timeZone, integrationId])
        }
    }

    public func setSelectedPrograms(integrationId: Int64, programs: [String]) throws(StoreError) {
        try update(integrationId, sql: "UPDATE integration SET selected_programs = ? WHERE id = ?", JSONColumn.encode(programs))
    }

    private func update(_ id: Int64, sql: String, _ value: some DatabaseValueConvertible & Sendable) throws(StoreError) {
        _ = try integration(id: id)
        try write { db in try db.execute(sql: sql, arguments: [value, id]) }
    }

    /// Deactivation stops synchronization and archives every course of the integration; learner data stays (seed 002).
    @discardableResult
    public func deactivate(integrationId: Int64) throws(StoreError) -> Int {
        let integration = try integration(id: integrationId)
        guard integration.state == .active else { throw .conflict("integration \(integrationId) is already deactivated") }
        let at = now().storeValue
        return try write { db in
            try db.execute(sql: "UPDATE integration SET state = 'deactivated' WHERE id = ?", arguments: [integrationId])
            try db.execute(sql: "UPDATE course SET status = 'archived', updated_at = ? WHERE integration_id = ? AND status = 'active'",
                           arguments: [at, integrationId])
            return db.changesCount
        }
    }

    // MARK: - Webhook credentials

    /// Generates the webhook client id and secret when absent, or a new secret when `rotate` is set. Only the
    /// secret's SHA-256 is stored (it is 256 random bits, so a plain hash is enough): the secret is returned
    /// when just (re)generated, and never again. Returns the credentials and whether they were just generated.
    public func webhookCredentials(integrationId: Int64, rotate: Bool) throws(StoreError) -> (WebhookCredentials, generated: Bool) {
        let integration = try integration(id: integrationId)
        let hasSecret = try read { db in
            try Bool.fetchOne(db, sql: "SELECT webhook_secret_hash IS NOT NULL FROM integration WHERE id = ?", arguments: [integrationId]) ?? false
        }
        if hasSecret, let clientId = integration.webhookClientId, !rotate {
            return (WebhookCredentials(clientId: clientId, clientSecret: nil), false)
        }
        let clientId = integration.webhookClientId ?? "cb-\(integration.provider.rawValue)-\(TokenDigest.random(bytes: 6, hex: true))"
        let secret = TokenDigest.random(bytes: 32, hex: false)
        try write { db in
            try db.execute(sql: "UPDATE integration SET webhook_client_id = ?, webhook_secret_hash = ?, webhook_secret_sealed = NULL WHERE id = ?",
                           arguments: [clientId, TokenDigest.sha256Hex(secret), integrationId])
            // A rotated secret invalidates the tokens issued with the old one.
            try db.execute(sql: "DELETE FROM webhook_token WHERE integration_id = ?", arguments: [integrationId])
        }
        return (WebhookCredentials(clientId: clientId, clientSecret: secret), true)
    }

}

// MARK: - Filters

extension Store {
    /// Saves the filters and archives `toArchive` in one transaction. Which courses no longer match is the engine's
    /// decision (`CatalogFilterSettings`, by Core's `FilterRules`).
    public func saveFilters(integrationId: Int64, filter: CatalogFilter, archiving toArchive: [Int64]) throws(StoreError) {
        let integration = try integration(id: integrationId)
        let at = now().storeValue
        try write { db in
            try db.execute(sql: "UPDATE integration SET language_filter = ?, content_type_filter = ? WHERE id = ?",
                           arguments: [JSONColumn.encode(filter.languages), JSONColumn.encode(filter.contentTypes), integration.id])
            let archive = try db.cachedStatement(sql: "UPDATE course SET status = 'archived', updated_at = ? WHERE id = ?")
            for id in toArchive { try archive.execute(arguments: [at, id]) }
        }
    }
}

extension Store {
    /// Points an integration at other API and token URLs (the demo's simulator moves between runs).
    public func setEndpoints(integrationId: Int64, apiBase: String, tokenURL: String?) throws(StoreError) {
        _ = try integration(id: integrationId)
        try write { db in
            try db.execute(sql: "UPDATE integration SET api_base = ?, token_url = ? WHERE id = ?", arguments: [apiBase, tokenURL, integrationId])
        }
    }
}
