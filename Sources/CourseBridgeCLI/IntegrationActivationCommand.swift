import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation

/// `integration deactivate` and `integration activate`: deactivation archives every course of the integration at
/// once, so it says how many first and asks (DESIGN §5: asks on a terminal, refuses without --yes otherwise).
extension IntegrationCommand {
    struct Deactivate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop synchronization and archive every course of the integration; learner data is kept.",
            discussion: """
            On a terminal it shows how many courses would be archived and asks; otherwise it needs --yes. \
            Undo with: coursebridge integration activate ID (the next sync restores the courses the provider still lists).
            """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "Integration id.") var id: Int64
        @Flag(help: "Deactivate without asking (needed when stdin is not a terminal).") var yes = false
        @Flag(name: .customLong("dry-run"), help: "Show how many courses would be archived; change nothing.") var dryRun = false

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.integration(.deactivate, integrationId: id), store: store)
            let (integration, name) = try reportingErrors { try IntegrationCommand.describe(store, id) }
            guard integration.state == .active else {
                throw CLIError("integration \(id) (\(name)) is already deactivated; activate it with: coursebridge integration activate \(id)")
            }
            let active = try reportingErrors { try store.courseCounts(integrationId: id).active }
            let consequence = "synchronization stops and its \(Plural.count(active, "active course")) \(active == 1 ? "is" : "are") archived; "
                + "learner data is kept"
            if dryRun {
                print("dry run: deactivating integration \(id) (\(name)) would archive \(Plural.count(active, "active course")); nothing was changed")
                return
            }
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw CLIError("deactivating integration \(id) (\(name)) archives \(Plural.count(active, "active course")) at once: "
                        + "pass --yes to confirm (--dry-run shows the count); stdin is not a terminal, so it cannot ask")
                }
                guard Confirmation.ask("Deactivate integration \(id) (\(name))? \(consequence.prefix(1).uppercased())\(consequence.dropFirst()).") else {
                    throw CLIError("integration \(id) not deactivated: nothing was changed")
                }
            }
            let archived = try reportingErrors { try store.deactivate(integrationId: id) }
            print("integration \(id) deactivated: \(Plural.count(archived, "course")) archived, learner data kept; "
                  + "undo with: coursebridge integration activate \(id)")
        }
    }

    struct Activate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo a deactivation: synchronization resumes; the next sync restores the courses.",
            discussion: """
            The courses deactivation archived come back at the next sync (scheduled, or now with: coursebridge sync ID), \
            exactly those the provider still lists and the filters accept.
            """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "Integration id.") var id: Int64

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.integration(.activate, integrationId: id), store: store)
            let (integration, name) = try reportingErrors { try IntegrationCommand.describe(store, id) }
            guard integration.state == .deactivated else {
                throw CLIError("integration \(id) (\(name)) is already active; nothing to do")
            }
            try reportingErrors { try store.activate(integrationId: id) }
            print("integration \(id) activated: synchronization resumes (daily at \(integration.schedule)); the next sync restores "
                  + "the archived courses the provider still lists; run it now with: coursebridge sync \(id)")
        }
    }

    /// The integration and "LinkedIn Learning · Sales", for messages that must say which one.
    static func describe(_ store: any DataStore, _ id: Int64) throws -> (Integration, String) {
        let integration = try store.integration(id: id)
        let group = (try? store.group(id: integration.groupId).name) ?? "group \(integration.groupId)"
        return (integration, "\(integration.provider.displayName) · \(group)")
    }
}


/// A yes/no question on the terminal; anything but "yes" or "y" is no (destructive answers are never the default).
enum Confirmation {
    static func ask(_ question: String) -> Bool {
        FileHandle.standardError.write(Data("\(Output.inert(question))\nType yes to confirm [no]: ".utf8))
        guard let answer = readLine(strippingNewline: true) else { return false }
        return ["yes", "y"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
