@testable import CourseBridgeStore
import GRDB

/// An in-memory database at the current schema without foreign keys: for tests that write attempts and statements
/// naming learners and courses by number only.
func migratedDatabaseWithoutForeignKeys(upTo migration: String? = nil) throws -> DatabaseQueue {
    var config = Configuration()
    config.foreignKeysEnabled = false
    let queue = try DatabaseQueue(configuration: config)
    if let migration { try Migrations.migrator.migrate(queue, upTo: migration) } else { try Migrations.migrator.migrate(queue) }
    return queue
}
