import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import PostgresNIO

// Row decoders for the catalog and statistics files, column for column as SQLite's `init(row:)`.

extension Integration {
    init(postgres row: PostgresRow) throws(PostgresAccessError) {
        let provider = Provider(rawValue: try row.decode(column: "provider", as: String.self)) ?? .linkedin
        let schedule = (try? DailySchedule(time: try row.decode(column: "schedule_time", as: String.self),
                                           timeZone: try row.decode(column: "schedule_tz", as: String.self)))
            ?? provider.defaultSchedule
        let sealed = try row.decode(column: "credentials_sealed", as: ByteBuffer?.self)
        self.init(id: try row.decode(column: "id", as: Int64.self), provider: provider,
                  groupId: try row.decode(column: "group_id"), authorUserId: try row.decode(column: "author_user_id"),
                  apiBase: try row.decode(column: "api_base", as: String.self),
                  tokenURL: try row.decode(column: "token_url", as: String?.self),
                  learnerIdentification: LearnerIdentification(rawValue: try row.decode(column: "learner_id_mode")) ?? .email,
                  languageFilter: PostgresJSONColumn.decode(try row.decode(column: "language_filter")),
                  contentTypeFilter: PostgresJSONColumn.decode(try row.decode(column: "content_type_filter")),
                  tagSync: try row.decode(column: "tag_sync", as: Int64.self) != 0, schedule: schedule,
                  state: IntegrationState(rawValue: try row.decode(column: "state")) ?? .active,
                  hasCredentials: sealed != nil,
                  webhookClientId: try row.decode(column: "webhook_client_id", as: String?.self),
                  configuredAt: Date(storeValue: try row.decode(column: "configured_at")),
                  selectedPrograms: PostgresJSONColumn.decode(try row.decode(column: "selected_programs")),
                  archiveThreshold: try row.decode(column: "archive_threshold"),
                  fullListingEveryDays: Int(try row.decode(column: "full_listing_days", as: Int64.self)))
    }
}

extension Course {
    init(postgres row: PostgresRow) throws(PostgresAccessError) {
        self.init(id: try row.decode(column: "id", as: Int64.self),
                  integrationId: try row.decode(column: "integration_id", as: Int64?.self),
                  provider: Provider(rawValue: try row.decode(column: "provider")) ?? .linkedin,
                  providerId: try row.decode(column: "provider_id"), title: try row.decode(column: "title"),
                  description: try row.decode(column: "description"),
                  thumbnailURL: try row.decode(column: "thumbnail_url", as: String?.self),
                  authors: PostgresJSONColumn.decode(try row.decode(column: "authors")),
                  subjects: PostgresJSONColumn.decode(try row.decode(column: "subjects")),
                  durationSeconds: try row.decode(column: "duration_seconds", as: Int?.self),
                  difficulty: try row.decode(column: "difficulty", as: String?.self),
                  languages: PostgresJSONColumn.decode(try row.decode(column: "languages")),
                  contentType: try row.decode(column: "content_type"),
                  lastUpdatedAt: try row.decode(column: "last_updated_at", as: Double?.self).map(Date.init(storeValue:)),
                  status: CourseStatus(rawValue: try row.decode(column: "status")) ?? .active,
                  launchURL: try row.decode(column: "launch_url", as: String?.self),
                  mainAuthorUserId: try row.decode(column: "main_author_user_id", as: Int64?.self))
    }
}

extension User {
    init(postgres row: PostgresRow) throws(PostgresAccessError) {
        self.init(id: try row.decode(column: "id", as: Int64.self), email: try row.decode(column: "email"),
                  username: try row.decode(column: "username", as: String?.self),
                  externalId: try row.decode(column: "external_id", as: String?.self),
                  displayName: try row.decode(column: "display_name", as: String?.self))
    }
}

extension Attempt {
    init(postgres row: PostgresRow) throws(PostgresAccessError) {
        self.init(id: try row.decode(column: "id", as: Int64.self), userId: try row.decode(column: "user_id"),
                  courseId: try row.decode(column: "course_id"),
                  startedAt: Date(storeValue: try row.decode(column: "started_at")),
                  progressPercent: try row.decode(column: "progress"),
                  scorePercent: try row.decode(column: "score", as: Double?.self),
                  timeSpentSeconds: try row.decode(column: "time_spent_seconds"),
                  completionStatus: CompletionStatus(rawValue: try row.decode(column: "completion_status")) ?? .inProgress,
                  completedAt: try row.decode(column: "completed_at", as: Double?.self).map(Date.init(storeValue:)),
                  result: try row.decode(column: "result", as: String?.self).flatMap(AttemptResult.init(rawValue:)),
                  lastActivityAt: try row.decode(column: "last_activity_at", as: Double?.self).map(Date.init(storeValue:)))
    }
}

extension StoredStatement {
    /// The columns `init(postgres:)` reads: `seq` is SQLite's rowid (arrival order).
    static let postgresColumns = "seq, integration_id, statement_id, received_at, body, content_hash, outcome, reason, "
        + "voids_statement_id, user_id, course_id"

    init(postgres row: PostgresRow) throws(PostgresAccessError) {
        self.init(sequence: try row.decode(column: "seq"), integrationId: try row.decode(column: "integration_id"),
                  statementId: try row.decode(column: "statement_id"),
                  receivedAt: Date(storeValue: try row.decode(column: "received_at")),
                  body: try row.decode(column: "body"), contentHash: try row.decode(column: "content_hash"),
                  outcome: StatementOutcome(rawValue: try row.decode(column: "outcome")) ?? .pending,
                  reason: try row.decode(column: "reason", as: String?.self),
                  voidsStatementId: try row.decode(column: "voids_statement_id", as: String?.self),
                  userId: try row.decode(column: "user_id", as: Int64?.self),
                  courseId: try row.decode(column: "course_id", as: Int64?.self))
    }
}

extension LaunchRecord {
    init(postgres row: PostgresRow) throws(PostgresAccessError) {
        self.init(id: try row.decode(column: "id"), userId: try row.decode(column: "user_id"),
                  courseId: try row.decode(column: "course_id"), pathId: try row.decode(column: "path_id", as: Int64?.self),
                  launchedAt: Date(storeValue: try row.decode(column: "launched_at")))
    }
}

/// Lists of strings kept as JSON text, written and read as SQLite's `JSONColumn` does (same text, same checksums).
enum PostgresJSONColumn {
    static func encode(_ values: [String]) -> String {
        XAPIJSON.array(values.map { .string($0) }).canonicalText
    }

    static func decode(_ text: String?) -> [String] {
        guard let text, let json = try? XAPIJSON.parse(Data(text.utf8), strict: false) else { return [] }
        return (json.arrayValue ?? []).compactMap(\.stringValue)
    }
}

enum PostgresTokens {
    /// `text` with LIKE's wildcards taken literally (a search for "100%" finds "100%").
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

extension PostgresStore {
    /// Sealing contexts, exactly as SQLite's `SealedColumn` binds them (a migrated database's values open here).
    static func credentialsContext(_ integrationId: Int64) -> String { "integration:\(integrationId):credentials" }
    static let launchKeyContext = "launch_key:1:key"

    func fetchIntegration(_ db: some PostgresQuerying, id: Int64) throws -> Integration? {
        guard let row = try db.query("SELECT * FROM integration WHERE id = $1", [id]).first else { return nil }
        return try Integration(postgres: row)
    }

    func fetchCourse(_ db: some PostgresQuerying, id: Int64) throws -> Course? {
        guard let row = try db.query("SELECT * FROM course WHERE id = $1", [id]).first else { return nil }
        return try Course(postgres: row)
    }
}
