import CourseBridgeData
import CourseBridgeStore
import Foundation

/// A data-access implementation the store tests run against. The tests make their stores through
/// `TestBackend.current`, so the same suite runs against each backend: SQLite by default, another one when
/// `COURSEBRIDGE_TEST_BACKEND` names it (CI runs the store suite once per backend).
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite

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
        }
    }
}
