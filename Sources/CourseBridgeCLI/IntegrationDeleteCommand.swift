import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation

/// `integration delete`: for the integration that never brought anything in (an abandoned wizard, a typo). One with
/// courses or statistics is refused by the store, which says to deactivate it instead.
extension IntegrationCommand {
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete an integration that has no course and no statistics (else deactivate it).",
            discussion: """
            Its sync runs and webhook credentials go with it; its events stay in the log. On a terminal it asks; \
            otherwise it needs --yes. An integration with courses or learner statements cannot be deleted: \
            coursebridge integration deactivate ID stops it and keeps the learner data.
            """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "Integration id.") var id: Int64
        @Flag(help: "Delete without asking (needed when stdin is not a terminal).") var yes = false

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.integration(.delete, integrationId: id), store: store)
            let (_, name) = try reportingErrors { try IntegrationCommand.describe(store, id) }
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw CLIError("deleting integration \(id) (\(name)) cannot be undone: pass --yes to confirm; "
                        + "stdin is not a terminal, so it cannot ask")
                }
                guard Confirmation.ask("Delete integration \(id) (\(name))? Its settings, credentials and sync history are removed.") else {
                    throw CLIError("integration \(id) not deleted: nothing was changed")
                }
            }
            try reportingErrors { try store.deleteIntegration(id: id) }
            print("integration \(id) (\(name)) deleted")
        }
    }
}
