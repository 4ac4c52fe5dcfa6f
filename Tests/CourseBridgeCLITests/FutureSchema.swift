import GRDB

enum FutureSchema {
    /// Records a migration this build does not know, as a newer CourseBridge would.
    static func mark(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')") }
    }
}
