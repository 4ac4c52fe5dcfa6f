import CourseBridgeData

/// The SQLite store is one implementation of the data-access interface.
extension Store: DataStore {
    public var location: String { path }
}
