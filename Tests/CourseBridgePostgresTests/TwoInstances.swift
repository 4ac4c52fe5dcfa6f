import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import Testing
@testable import CourseBridgePostgres

/// Two stores (two `serve` instances) on a schema of their own, sharing one key, with a group, an administrator and
/// one LinkedIn integration; the schema is dropped afterwards.
enum TwoInstances {
    static func with(schemaPrefix: String, now: Date,
                     _ body: (PostgresStore, PostgresStore, Int64) throws -> Void) throws {
        let url = try #require(TestDatabase.url)
        let schema = schemaPrefix + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try PostgresPool(url: url, size: 1)
        defer { admin.close() }
        try admin.execute("CREATE SCHEMA \(schema)")
        defer { _ = try? admin.execute("DROP SCHEMA \(schema) CASCADE") }
        let key = SecretBox.ephemeral()
        let a = try PostgresStore.open(url: url, secrets: key, searchPath: schema, now: { now })
        defer { a.close() }
        let b = try PostgresStore.open(url: url, secrets: key, searchPath: schema, now: { now })
        defer { b.close() }
        try a.pool.execute(#"INSERT INTO "group"(name, created_at) VALUES ('Acme', 0)"#)
        try a.pool.execute(#"INSERT INTO "user"(email, created_at) VALUES ('admin@acme.example', 0)"#)
        let integration = try #require(try a.pool.query("""
            INSERT INTO integration (provider, group_id, author_user_id, api_base, schedule_time, schedule_tz, configured_at, created_at)
            VALUES ('linkedin', 1, 1, 'https://api', '02:00', 'UTC', 0, 0) RETURNING id
            """).first?.decode(index: 0, as: Int64.self))
        try body(a, b, integration)
    }

    /// `with`, plus `count` learners learnerN@acme.example and LinkedIn courses urn:li:lyndaCourse:N of the
    /// integration: the (learner, course) id pairs, in that order.
    static func withPairs(schemaPrefix: String, now: Date, count: Int,
                          _ body: (PostgresStore, PostgresStore, Int64, [(Int64, Int64)]) throws -> Void) throws {
        try with(schemaPrefix: schemaPrefix, now: now) { a, b, integration in
            var pairs: [(Int64, Int64)] = []
            for i in 0..<count {
                let user = try a.pool.query(#"INSERT INTO "user"(email, created_at) VALUES ($1, 0) RETURNING id"#,
                                            ["learner\(i)@acme.example"])[0].decode(index: 0, as: Int64.self)
                let course = try a.pool.query("""
                    INSERT INTO course(provider, provider_id, title, integration_id, created_at, updated_at)
                    VALUES ('linkedin', $1, $2, $3, 0, 0) RETURNING id
                    """, ["urn:li:lyndaCourse:\(i)", "Course \(i)", integration])[0].decode(index: 0, as: Int64.self)
                pairs.append((user, course))
            }
            try body(a, b, integration, pairs)
        }
    }

    /// What the tests' engine does for a new statement: stores it applied, then adds 10 s to the pair's first
    /// attempt (made when there is none).
    static func apply(_ tx: StatisticsTransaction, integration: Int64, statementId: String, hash: String,
                      user: Int64, course: Int64, at: Date) throws {
        try tx.insertStatement(integrationId: integration, statementId: statementId, body: "{}", contentHash: hash, voids: nil,
                               receivedAt: at, outcome: .applied, reason: nil, userId: user, courseId: course)
        var attempts = try tx.attempts(userId: user, courseId: course)
        if attempts.isEmpty {
            attempts = [Attempt(userId: user, courseId: course, startedAt: at, timeSpentSeconds: 10)]
        } else {
            attempts[0].timeSpentSeconds += 10
        }
        try tx.saveAttempts(attempts)
    }
}

