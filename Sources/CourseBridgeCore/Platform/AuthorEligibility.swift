/// Who may author a group's synchronized courses (seed 002): the author of an integration becomes the main
/// author of every course it synchronizes, so they must be able to edit that group's courses.
public enum AuthorEligibility {
    /// Group admins and editors of the synchronized group, and platform administrators of any group.
    public static let authorRoles: Set<Role> = [.platformAdmin, .groupAdmin, .editor]

    /// Whether a member with `role` in a group may author it (`isPlatformAdmin`: platform admin in any group).
    public static func mayAuthor(isPlatformAdmin: Bool, role: Role?) -> Bool {
        isPlatformAdmin || role.map(authorRoles.contains) == true
    }

    /// Nil when `author` may author the courses of group `groupId` named `groupName`; `author.role` is their role there.
    public static func check(_ author: ActingUser, groupId: Int64, groupName: String) -> AuthorRefusal? {
        if mayAuthor(isPlatformAdmin: author.isPlatformAdmin, role: author.role) { return nil }
        return AuthorRefusal(email: author.email, groupId: groupId, groupName: groupName, role: author.role)
    }
}

/// Why a user may not author a group's courses; the description is what the person reads.
public struct AuthorRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public let email: String
    public let groupId: Int64
    public let groupName: String
    /// Their role in the group now; nil when not a member.
    public let role: Role?

    public var description: String {
        "\(email) cannot author courses of group \(groupId) '\(groupName)': the author must be a group admin or editor there (now: \(role?.rawValue ?? "no role")); grant it with: coursebridge group member add \(groupId) \(email) --role editor"
    }
}
