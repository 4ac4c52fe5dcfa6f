import CourseBridgeData

/// `GET /health`: whether the database can be read right now.
public struct HealthCheck: Sendable {
    public enum Status: Equatable, Sendable {
        case ok
        /// Why not, for the operator.
        case unavailable(String)
    }

    let store: any DataStore

    public init(store: any DataStore) {
        self.store = store
    }

    public func check() -> Status {
        do {
            try store.ping()
            return .ok
        } catch {
            return .unavailable("the database cannot be read: \(error)")
        }
    }
}
