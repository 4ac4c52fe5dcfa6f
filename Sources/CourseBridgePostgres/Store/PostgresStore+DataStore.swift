import CourseBridgeData

/// The PostgreSQL store is the second implementation of the data-access interface.
extension PostgresStore: DataStore {
    public var location: String { url.description }
    public var readsWaitOnNetwork: Bool { true }
}
