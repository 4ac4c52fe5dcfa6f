/// What someone on the platform does with synchronized courses (seed 002 "From there", seed 004
/// "With this integration, you can").
public enum PlatformOperation: Equatable, Sendable {
    case addToLibrary(courseId: Int64, groupId: Int64)
    case removeFromLibrary(courseId: Int64, groupId: Int64)
    case createPath(groupId: Int64)
    case addPathStep(pathId: Int64, courseId: Int64, groupId: Int64)
    case enrollInPath(pathId: Int64, groupId: Int64)
    case editSkills(courseId: Int64)
    case editManualTags(courseId: Int64)
    /// Removing by hand a tag the provider's categories put there.
    case removeSyncedTag(courseId: Int64, tag: String, provider: Provider)
    /// Title, description or content of a synchronized course.
    case editCourse(courseId: Int64, provider: Provider)
    case deleteCourse(courseId: Int64, provider: Provider)
}

/// Who is acting, as the rules need to know them.
public struct ActingUser: Equatable, Sendable {
    public var email: String
    /// A platform admin may do everything a role allows, anywhere.
    public var isPlatformAdmin: Bool
    /// The role in the group acted on (the library's or the path's group); nil when not a member.
    public var role: Role?
    /// Roles in the groups whose library already holds the course (and its synchronized group), other than the group acted on.
    public var courseGroupRoles: Set<Role>

    public init(email: String, isPlatformAdmin: Bool = false, role: Role? = nil, courseGroupRoles: Set<Role> = []) {
        self.email = email
        self.isPlatformAdmin = isPlatformAdmin
        self.role = role
        self.courseGroupRoles = courseGroupRoles
    }
}

/// Why an operation is refused; the description is what the person reads.
public enum PermissionRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The acting user lacks every role that would allow the operation.
    case missingRole(actor: ActingUser, operation: PlatformOperation, needs: [Role])
    /// Editors and contributors may add a course to a path only once it is in their group's library.
    case notInGroupLibrary(actor: String, courseId: Int64, groupId: Int64)
    /// Nobody may do it: the provider owns it.
    case readOnly(PlatformOperation)

    public var description: String {
        switch self {
        case .missingRole(let actor, let operation, let needs):
            return Self.missingRoleMessage(actor: actor, operation: operation, needs: needs)
        case .notInGroupLibrary(let actor, let courseId, let groupId):
            return "course \(courseId) is not in the library of group \(groupId): editors and contributors may add a course to a path only once it is in their group's library; add it first with: coursebridge library add \(courseId) --group \(groupId) --as \(actor)"
        case .readOnly(let operation):
            return Self.readOnlyMessage(operation)
        }
    }

    private static func missingRoleMessage(actor: ActingUser, operation: PlatformOperation, needs: [Role]) -> String {
        let roles = Permissions.list(needs.map(\.rawValue))
        let suggested = needs.last?.rawValue ?? Role.editor.rawValue
        switch operation {
        case .editSkills(let courseId), .editManualTags(let courseId):
            let now = actor.courseGroupRoles.isEmpty
                ? "\(actor.email) has no role in a group whose library has course \(courseId)"
                : "\(actor.email) is only \(Permissions.list(actor.courseGroupRoles.map(\.rawValue).sorted())) there"
            return "\(actor.email) cannot \(Permissions.phrase(operation)): it needs the \(roles) role in a group whose library has the course (\(now))"
        default:
            let groupId = Permissions.groupId(operation) ?? 0
            let now = actor.role.map { "\(actor.email) is \($0.rawValue) there" } ?? "\(actor.email) has no role there"
            var message = "\(actor.email) cannot \(Permissions.phrase(operation)): it needs the \(roles) role in group \(groupId)"
            switch operation {
            case .addToLibrary, .removeFromLibrary: message += ", or group-admin or coach in a group whose library has the course"
            default: break
            }
            return message + " (\(now)); a platform admin can grant it with: coursebridge group member add \(groupId) \(actor.email) --role \(suggested)"
        }
    }

    private static func readOnlyMessage(_ operation: PlatformOperation) -> String {
        switch operation {
        case .editCourse(let id, let provider):
            "course \(id) is synchronized from \(provider.displayName): its title, description and content cannot be edited here; they follow the provider at each sync"
        case .deleteCourse(let id, let provider):
            "course \(id) is synchronized from \(provider.displayName): it cannot be deleted here; it is archived when \(provider.displayName) retires it"
        case .removeSyncedTag(let id, let tag, let provider):
            "tag '\(tag)' of course \(id) is synchronized from \(provider.displayName): synced tags cannot be removed by hand; they follow the integration's tag sync setting (coursebridge integration tags ID on|off)"
        default:
            "\(Permissions.phrase(operation)) is not allowed"
        }
    }
}

// MARK: - The rules

/// The (role, operation) table of seed 002 "From there" and the editing rules of synchronized courses.
public enum Permissions {
    /// Nil when allowed; otherwise the refusal to show.
    public static func check(_ operation: PlatformOperation, by actor: ActingUser) -> PermissionRefusal? {
        switch operation {
        case .editCourse, .deleteCourse, .removeSyncedTag:
            // Not even a platform admin: the provider owns these.
            return .readOnly(operation)
        default:
            break
        }
        if actor.isPlatformAdmin { return nil }
        switch operation {
        case .addToLibrary, .removeFromLibrary:
            // Group admins, editors and contributors in their own group; coaches and group admins into another group too.
            let own: Set<Role> = [.groupAdmin, .coach, .editor, .contributor]
            let another: Set<Role> = [.groupAdmin, .coach]
            if let role = actor.role, own.contains(role) { return nil }
            if !actor.courseGroupRoles.isDisjoint(with: another) { return nil }
            return .missingRole(actor: actor, operation: operation, needs: [.groupAdmin, .coach, .editor, .contributor])
        case .createPath:
            return require([.groupAdmin, .editor, .contributor], actor.role, actor, operation)
        case .addPathStep:
            // The library condition is checked separately (`checkPathStep`): it binds editors and contributors only.
            return require([.groupAdmin, .editor, .contributor], actor.role, actor, operation)
        case .enrollInPath:
            return require([.groupAdmin, .coach], actor.role, actor, operation)
        case .editSkills, .editManualTags:
            let allowed: Set<Role> = [.groupAdmin, .editor, .contributor]
            if !actor.courseGroupRoles.isDisjoint(with: allowed) || actor.role.map(allowed.contains) == true { return nil }
            return .missingRole(actor: actor, operation: operation, needs: [.groupAdmin, .editor, .contributor])
        case .editCourse, .deleteCourse, .removeSyncedTag:
            return .readOnly(operation)
        }
    }

    /// Adding a course to a path: the role rule, then "provided the courses are already in their group library"
    /// for editors and contributors (seed 002).
    public static func checkPathStep(pathId: Int64, courseId: Int64, groupId: Int64, courseInGroupLibrary: Bool,
                                     by actor: ActingUser) -> PermissionRefusal? {
        let operation = PlatformOperation.addPathStep(pathId: pathId, courseId: courseId, groupId: groupId)
        if let refusal = check(operation, by: actor) { return refusal }
        if actor.isPlatformAdmin || actor.role == .groupAdmin || courseInGroupLibrary { return nil }
        return .notInGroupLibrary(actor: actor.email, courseId: courseId, groupId: groupId)
    }

    private static func require(_ roles: [Role], _ role: Role?, _ actor: ActingUser, _ operation: PlatformOperation) -> PermissionRefusal? {
        if let role, roles.contains(role) { return nil }
        return .missingRole(actor: actor, operation: operation, needs: roles)
    }

    // MARK: - Wording

    static func phrase(_ operation: PlatformOperation) -> String {
        switch operation {
        case .addToLibrary(let c, let g): "add course \(c) to the library of group \(g)"
        case .removeFromLibrary(let c, let g): "remove course \(c) from the library of group \(g)"
        case .createPath(let g): "create a path in group \(g)"
        case .addPathStep(let p, let c, _): "add course \(c) to path \(p)"
        case .enrollInPath(let p, _): "enroll learners in path \(p)"
        case .editSkills(let c): "edit the skills of course \(c)"
        case .editManualTags(let c): "edit the tags of course \(c)"
        case .removeSyncedTag(let c, let t, _): "remove tag '\(t)' of course \(c)"
        case .editCourse(let c, _): "edit course \(c)"
        case .deleteCourse(let c, _): "delete course \(c)"
        }
    }

    static func groupId(_ operation: PlatformOperation) -> Int64? {
        switch operation {
        case .addToLibrary(_, let g), .removeFromLibrary(_, let g), .createPath(let g), .addPathStep(_, _, let g),
             .enrollInPath(_, let g):
            g
        default:
            nil
        }
    }

    /// "a, b or c"
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}
