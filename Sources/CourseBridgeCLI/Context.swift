import CourseBridgeStore

extension GlobalOptions {
    /// Opens the database named by `--db`, creating and migrating it when new.
    func openStore() throws -> Store {
        try reportingErrors { try Store.open(path: databasePath) }
    }
}
