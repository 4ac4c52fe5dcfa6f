import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Platform users.", subcommands: [Add.self, Import.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Option(help: "Email (unique, case-insensitive).") var email: String
        @Option(help: "Username (unique).") var username: String?
        @Option(name: .customLong("external-id"), help: "External identifier (may be shared).") var externalId: String?
        @Option(help: "Display name.") var name: String?

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.addUsers, store: store)
            let user = try reportingErrors {
                try store.addUser(User(email: email, username: username, externalId: externalId, displayName: name))
            }
            print("user \(user.id ?? 0) \(user.email) added")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import users from a CSV file with columns email, username, external_id, name: all rows or none.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "CSV file with a header row.") var file: String

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.addUsers, store: store)
            let rows = try UserCSV.read(path: file)
            let started = Date()
            let problems = try reportingErrors { try store.addUsers(rows) }
            guard problems.isEmpty else {
                var message = "nothing was imported: \(Plural.count(problems.count, "bad row")) in \(file)\n"
                message += problems.prefix(20).map { "  \($0)" }.joined(separator: "\n")
                if problems.count > 20 { message += "\n  … and \(problems.count - 20) more" }
                message += "\nfix these rows and import the file again"
                throw CLIError(message)
            }
            let seconds = Date().timeIntervalSince(started)
            print("imported \(Plural.count(rows.count, "user")) from \(file) in \(String(format: "%.2f", seconds)) s")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let store = try global.openStore()
            let users = try reportingErrors { try store.users() }
            if json { print(try Output.json(users)); return }
            print(Output.table(["ID", "EMAIL", "USERNAME", "EXTERNAL ID", "NAME"], users.map {
                ["\($0.id ?? 0)", $0.email, $0.username ?? "-", $0.externalId ?? "-", $0.displayName ?? "-"]
            }))
        }
    }
}
