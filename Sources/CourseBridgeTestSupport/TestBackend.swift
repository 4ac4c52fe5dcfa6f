import CourseBridgeData
import CourseBridgeStore
import Foundation

/// A data-access implementation the store tests run against. Each store test takes a backend, so a second
/// implementation runs the same tests by joining `available`.
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite

    /// The backends this machine can run: SQLite always.
    public static var available: [TestBackend] { [.sqlite] }

    public var description: String { rawValue }

    /// A new, empty, migrated store.
    public func makeStore(now: @escaping @Sendable () -> Date = { Date() }) throws -> any DataStore {
        switch self {
        case .sqlite: try Store.inMemory(now: now)
        }
    }
}
