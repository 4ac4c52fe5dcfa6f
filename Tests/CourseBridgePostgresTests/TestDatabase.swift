import Foundation
import Testing
@testable import CourseBridgePostgres

/// The server the tests run against: `COURSEBRIDGE_TEST_POSTGRES=postgres://…` (`scripts/pg.sh start` prints one).
/// Unset, every suite that needs it is skipped with that message.
enum TestDatabase {
    static let url: String? = ProcessInfo.processInfo.environment["COURSEBRIDGE_TEST_POSTGRES"]
        .flatMap { $0.isEmpty ? nil : $0 }
    static var isConfigured: Bool { url != nil }
    static let skipped = Comment(rawValue: "COURSEBRIDGE_TEST_POSTGRES is unset: start a server with "
        + "'COURSEBRIDGE_TEST_POSTGRES=$(scripts/pg.sh start)' to run the PostgreSQL tests")

    static func parsedURL() throws -> PostgresURL {
        try PostgresURL(parsing: try #require(url, "COURSEBRIDGE_TEST_POSTGRES"))
    }

    /// Runs `body` with a pool whose connections see only a new, empty schema, dropped afterwards: tests do not see
    /// each other's tables.
    static func withFreshSchema<T>(size: Int = 4, _ body: (PostgresPool) throws -> T) throws -> T {
        let url = try parsedURL()
        let schema = "cbtest_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try PostgresPool(PostgresPool.Configuration(url: url, size: 1))
        defer { admin.close() }
        try admin.execute("CREATE SCHEMA \(schema)")
        defer { _ = try? admin.execute("DROP SCHEMA \(schema) CASCADE") }
        let pool = try PostgresPool(PostgresPool.Configuration(url: url, size: size, searchPath: schema))
        defer { pool.close() }
        return try body(pool)
    }

    /// Same, with the CourseBridge schema applied.
    static func withSchema<T>(size: Int = 4, _ body: (PostgresPool) throws -> T) throws -> T {
        try withFreshSchema(size: size) { pool in
            try PostgresSchema.apply(to: pool)
            return try body(pool)
        }
    }

    /// Expects `body` to fail with a unique violation, and returns the constraint it named.
    @discardableResult
    static func expectUniqueViolation(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        do {
            try body()
            Issue.record("expected a unique violation, but the statement succeeded", sourceLocation: sourceLocation)
        } catch let PostgresAccessError.uniqueViolation(constraint, _) {
            return constraint
        } catch {
            Issue.record("expected a unique violation, got: \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }
}
