import ArgumentParser
import CourseBridgeData
import CourseBridgeStore
import Foundation

/// `coursebridge init`: creates an empty database (and its key) on purpose; the only way, with `demo`, to create
/// the default ./coursebridge.sqlite.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create an empty database (default ./coursebridge.sqlite) and its key.",
        discussion: "The key file (DB.key, or $COURSEBRIDGE_SECRET_KEY) seals the provider secrets: back it up with the database. An existing database is only brought to the current schema.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let path = global.databasePath
        let existed = FileManager.default.fileExists(atPath: path)
        let store = try global.openStore(creatingDefault: true)
        if existed {
            let integrations = try reportingErrors { try store.integrations().count }
            print("database \(path) already exists (\(integrations) integration\(integrations == 1 ? "" : "s")); nothing was created")
            return
        }
        let keyFromEnvironment = ProcessInfo.processInfo.environment[SecretBox.environmentVariable] != nil
        print(keyFromEnvironment
              ? "created the database \(path); secrets are sealed with $\(SecretBox.environmentVariable) (keep it: secrets cannot be read without it)"
              : "created the database \(path) and its key \(path).key (back both up: secrets cannot be read without the key)")
        print("next: coursebridge\(global.db == nil ? "" : " --db \(path)") group add NAME, then user add, group member add, integration add")
    }
}
