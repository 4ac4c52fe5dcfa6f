import CourseBridgeData
import CourseBridgePostgres
import CourseBridgeStore
import Foundation

/// A data-access implementation the store tests run against. The tests make their stores through
/// `TestBackend.current`, so the same suite runs against each backend: SQLite by default, another one when
/// `COURSEBRIDGE_TEST_BACKEND` names it (CI runs the store suite once per backend).
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    /// The server `COURSEBRIDGE_TEST_POSTGRES` names (`scripts/pg.sh start` prints one); each store gets a new schema.
    case postgres

    /// The backend this test run uses.
    public static var current: TestBackend {
        let name = ProcessInfo.processInfo.environment["COURSEBRIDGE_TEST_BACKEND"] ?? ""
        guard !name.isEmpty else { return .sqlite }
        guard let backend = TestBackend(rawValue: name) else {
            fatalError("COURSEBRIDGE_TEST_BACKEND=\(name) is not a backend; use one of \(allCases.map(\.rawValue))")
        }
        return backend
    }

    public var description: String { rawValue }

    /// A new, empty, migrated store.
    public func makeStore(now: @escaping @Sendable () -> Date = { Date() }) throws -> any DataStore {
        switch self {
        case .sqlite: try Store.inMemory(now: now)
        case .postgres: try Self.freshPostgresStore(now: now)
        }
    }
}

extension TestBackend {
    /// A PostgreSQL store in a schema of its own, so tests never see each other's rows.
    static func freshPostgresStore(now: @escaping @Sendable () -> Date) throws -> any DataStore {
        guard let text = ProcessInfo.processInfo.environment["COURSEBRIDGE_TEST_POSTGRES"], !text.isEmpty else {
            throw StoreError.invalid("COURSEBRIDGE_TEST_BACKEND=postgres needs COURSEBRIDGE_TEST_POSTGRES=postgres://… "
                + "(start one with: scripts/pg.sh start)")
        }
        let schema = "cbstore_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try PostgresPool(url: text, size: 1)
        defer { admin.close() }
        try admin.execute("CREATE SCHEMA \(schema)")
        return try PostgresStore.open(url: text, secrets: .ephemeral(), searchPath: schema, now: now)
    }
}
