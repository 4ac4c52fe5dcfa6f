import CourseBridgeCore
import CourseBridgeData

/// Who may manage users, groups, roles, integrations and syncs: the acting user is resolved here and Core's
/// `AdminPermissions` decides. The CLI (`--as`) and the console both ask this service, so the rule holds the same everywhere.
public struct AdminAuthorization: Sendable {
    let store: any DataStore

    public init(store: any DataStore) { self.store = store }

    /// The acting user: `email`, else the first platform administrator. Nil when the database has no platform
    /// administrator yet: it is being set up, and its operator acts until the first one exists.
    /// `groupId`: the group whose role of the actor the rules need (a role grant's).
    public func actor(email: String?, groupId: Int64? = nil) throws(StoreError) -> ActingUser? {
        let admins = try store.platformAdminEmails()
        guard let email = email ?? admins.first else { return nil }
        let user = try store.user(email: email)
        let key = user.email.lowercased()
        var role: Role?
        if let groupId {
            role = try store.members(groupId: groupId).first { $0.user.email.lowercased() == key }?.role
        }
        return ActingUser(email: user.email, isPlatformAdmin: admins.contains { $0.lowercased() == key }, role: role)
    }

    /// Why `actingEmail` (nil: the default actor) may not do `operation`; nil when allowed. Throws when the actor is unknown.
    public func refusal(_ operation: AdminOperation, actingEmail: String?) throws(StoreError) -> AdminRefusal? {
        let actor = try actor(email: actingEmail, groupId: Self.groupId(of: operation))
        return Self.refusal(operation, by: actor)
    }

    /// The rule for an actor resolved earlier (the console resolves once): nil actor is the operator, who may do everything.
    public static func refusal(_ operation: AdminOperation, by actor: ActingUser?) -> AdminRefusal? {
        guard let actor else { return nil }
        return AdminPermissions.check(operation, by: actor)
    }

    /// A role grant is judged by the actor's role in the group it is made in.
    static func groupId(of operation: AdminOperation) -> Int64? {
        if case .grantRole(_, let groupId, _) = operation { return groupId }
        return nil
    }
}
