import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore

/// `--as EMAIL` of the administrative commands (users, groups, roles, integrations, sync): who acts.
/// Without it, the first platform administrator; a database that has none yet is being set up, and
/// its operator acts until the first platform administrator exists.
struct AdminActorOptions: ParsableArguments {
    @Option(name: .customLong("as"),
            help: ArgumentHelp("Act as this user (default: the first platform administrator).", valueName: "email"))
    var actingEmail: String?

    /// Throws the refusal, worded for the person at the terminal, when the acting user may not do `operation`.
    func authorize(_ operation: AdminOperation, store: any DataStore) throws {
        let actor = try reportingErrors { try resolve(for: operation, store: store) }
        if let refusal = AdminPermissions.check(operation, by: actor) { throw CLIError(refusal.description) }
    }

    private func resolve(for operation: AdminOperation, store: any DataStore) throws -> ActingUser {
        let admins = try store.platformAdminEmails()
        guard let email = actingEmail ?? admins.first else {
            return ActingUser(email: "the operator", isPlatformAdmin: true)
        }
        let user = try store.user(email: email)
        let key = user.email.lowercased()
        var role: Role?
        if case .grantRole(_, let groupId, _) = operation {
            role = try store.members(groupId: groupId).first { $0.user.email.lowercased() == key }?.role
        }
        return ActingUser(email: user.email, isPlatformAdmin: admins.contains { $0.lowercased() == key }, role: role)
    }
}
