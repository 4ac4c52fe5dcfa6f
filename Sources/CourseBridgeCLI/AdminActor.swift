import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeEngine

/// `--as EMAIL` of the administrative commands (users, groups, roles, integrations, sync): who acts.
/// The engine's `AdminAuthorization` resolves the actor and decides.
struct AdminActorOptions: ParsableArguments {
    @Option(name: .customLong("as"),
            help: ArgumentHelp("Act as this user (default: the first platform administrator).", valueName: "email"))
    var actingEmail: String?

    /// Throws the refusal, worded for the person at the terminal, when the acting user may not do `operation`.
    func authorize(_ operation: AdminOperation, store: any DataStore) throws {
        let refusal = try reportingErrors { try AdminAuthorization(store: store).refusal(operation, actingEmail: actingEmail) }
        if let refusal { throw CLIError(refusal.description) }
    }
}
