import CourseBridgeCore
import CourseBridgeData
import CourseBridgeTestSupport
import Foundation

/// A store of the backend under test with one group, its admin and a LinkedIn integration: the starting point
/// of the contract tests, which talk to the store only through the data-access interface.
struct ContractFixture {
    let store: any DataStore
    let group: Group
    let admin: User
    let integration: Integration
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    init(now: @escaping @Sendable () -> Date = { ContractFixture.t0 }) throws {
        store = try TestBackend.current.makeStore(now: now)
        group = try store.addGroup(name: "Acme", parentId: nil, isPrivate: false)
        admin = try store.addUser(User(email: "admin@acme.example", username: "admin"))
        try store.setMember(groupId: group.id!, email: admin.email, role: .groupAdmin)
        integration = try store.addIntegration(provider: .linkedin, groupId: group.id!, authorEmail: admin.email, apiBase: nil, tokenURL: nil)
    }

    /// Writes one page creating courses `li-N` for the given numbers; their ids, in order.
    @discardableResult
    func createCourses(_ numbers: [Int], categories: [String] = [], launch: (Int) -> String? = { _ in nil }) throws -> [Int64] {
        var page = PageWrites()
        for n in numbers {
            page.create(CatalogItem(providerId: "li-\(n)", title: "Course \(n)", description: "About \(n).", categories: categories,
                                    launchURL: launch(n)), tagSync: true)
        }
        try store.apply(page, integration: integration, groups: [group.id!], runId: nil)
        let known = try store.knownCourses(provider: .linkedin)
        return numbers.map { known["li-\($0)"]!.courseId }
    }

    func learner(_ name: String) throws -> Int64 {
        try store.addUser(User(email: "\(name)@acme.example", username: name, externalId: "EMP-\(name)")).id!
    }
}
