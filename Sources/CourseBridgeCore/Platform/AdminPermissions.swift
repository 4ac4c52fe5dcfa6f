/// What only administrators do: accounts, groups, roles and integrations (seed 004: "Platform admins
/// can activate the integration"). Checked against the acting user like library and path edits.
public enum AdminOperation: Equatable, Sendable {
    case addUsers
    case addGroup
    /// Giving `role` in `groupId` to someone whose role there is `replacing` (nil: not a member yet).
    case grantRole(Role, groupId: Int64, replacing: Role?)
    /// `integrationId` nil: creating one.
    case integration(IntegrationAction, integrationId: Int64?)
}

/// Every change to an integration, and every call that uses its credentials.
public enum IntegrationAction: String, CaseIterable, Sendable {
    case create, credentials, test, programs, learnerId, tags, webhook, schedule, filters, endpoints, deactivate, activate, delete, sync

    var phrase: String {
        switch self {
        case .create: "create an integration"
        case .credentials: "enter the credentials of"
        case .test: "test the connection of"
        case .programs: "read the programs of"
        case .learnerId: "change the learner identification of"
        case .tags: "change the tag sync of"
        case .webhook: "see or rotate the webhook credentials of"
        case .schedule: "change the schedule of"
        case .filters: "change the filters of"
        case .endpoints: "change the endpoints of"
        case .deactivate: "deactivate"
        case .activate: "activate"
        case .delete: "delete"
        case .sync: "start a sync of"
        }
    }
}

/// Why an administrative operation is refused; the description is what the person reads.
public struct AdminRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public let actor: String
    public let operation: AdminOperation

    public var description: String {
        let what = AdminPermissions.phrase(operation)
        var message = "\(actor) is not a platform administrator: only a platform administrator may \(what)"
        if case .grantRole(let role, let groupId, let replacing) = operation {
            if AdminPermissions.groupAdminGrantable.contains(role), replacing.map(AdminPermissions.groupAdminGrantable.contains) ?? true {
                message += " (or a group admin of group \(groupId))"
            }
        }
        return message + "; run the command as one with --as EMAIL (coursebridge group member list GROUP shows the roles)"
    }
}

/// The rules. Platform admins may do everything here; a group admin may give the roles below
/// group-admin in their own group, to someone who holds no higher role there. Nobody else may.
public enum AdminPermissions {
    /// Roles a group admin hands out in their own group.
    static let groupAdminGrantable: Set<Role> = [.coach, .editor, .contributor, .learner]

    /// Nil when allowed. `actor.role` is the actor's role in the group of a `grantRole`.
    public static func check(_ operation: AdminOperation, by actor: ActingUser) -> AdminRefusal? {
        if actor.isPlatformAdmin { return nil }
        if case .grantRole(let role, _, let replacing) = operation, actor.role == .groupAdmin,
           groupAdminGrantable.contains(role), replacing.map(groupAdminGrantable.contains) ?? true {
            return nil
        }
        return AdminRefusal(actor: actor.email, operation: operation)
    }

    static func phrase(_ operation: AdminOperation) -> String {
        switch operation {
        case .addUsers: return "add users"
        case .addGroup: return "add groups"
        case .grantRole(let role, let groupId, let replacing):
            let now = replacing.map { " (now \($0.rawValue))" } ?? ""
            return "give the \(role.rawValue) role in group \(groupId)\(now)"
        case .integration(.create, _): return IntegrationAction.create.phrase
        case .integration(let action, let id): return "\(action.phrase) integration \(id.map(String.init) ?? "")"
        }
    }
}
