import CourseBridgeCore
import CourseBridgeData

/// Creating an integration names its author, who becomes main author of the courses it synchronizes: Core's
/// `AuthorEligibility` decides who may, over the store's facts (members and roles). The CLI and the console's setup
/// wizard both go through this service, so the wizard offers exactly the authors the creation accepts.
public struct IntegrationAuthoring: Sendable {
    let store: any DataStore

    public init(store: any DataStore) { self.store = store }

    /// Refuses an author who may not author the group's courses, then lets the store create the integration
    /// (which refuses a second active integration of one provider in one group).
    public func addIntegration(provider: Provider, groupId: Int64, authorEmail: String, apiBase: String?,
                               tokenURL: String?) throws(StoreError) -> Integration {
        let group = try store.group(id: groupId)
        let author = try store.actingUser(email: authorEmail, groupId: groupId, courseId: nil).rules
        if let refusal = AuthorEligibility.check(author, groupId: groupId, groupName: group.name) {
            throw .refused(refusal.description)
        }
        return try store.addIntegration(provider: provider, groupId: groupId, authorEmail: authorEmail, apiBase: apiBase,
                                        tokenURL: tokenURL)
    }

    /// The users `addIntegration` accepts as author, per group id, sorted by email (the setup wizard's list).
    public func eligibleAuthors() throws(StoreError) -> [Int64: [User]] {
        var platformAdmins: [Int64: User] = [:]
        var perGroup: [Int64: [Int64: User]] = [:]
        let groupIds = try store.groups().compactMap(\.id)
        for groupId in groupIds {
            for member in try store.members(groupId: groupId)
            where AuthorEligibility.mayAuthor(isPlatformAdmin: member.role == .platformAdmin, role: member.role) {
                guard let userId = member.user.id else { continue }
                if member.role == .platformAdmin { platformAdmins[userId] = member.user }
                perGroup[groupId, default: [:]][userId] = member.user
            }
        }
        var result: [Int64: [User]] = [:]
        for groupId in groupIds {
            let users = platformAdmins.merging(perGroup[groupId] ?? [:]) { a, _ in a }
            result[groupId] = users.values.sorted { $0.email < $1.email }
        }
        return result
    }
}
