import CourseBridgeCore
import CourseBridgeData
import Foundation

/// Group 1 "Acme" is LinkedIn Learning's synchronized group (courses 1–3 synced there, tag sync on); groups 2 and 3
/// are other groups. Members: author (editor of 1), admin1, coach1 of 1; admin2, coach2, editor2, contributor2,
/// learner2 of 2; platform (platform admin, member of 2); outsider (no role).
public struct PlatformFixture {
    public let store: any DataStore
    public let integration: Integration

    public init(backend: TestBackend = .current,
                now: @escaping @Sendable () -> Date = { Date(timeIntervalSince1970: 1_700_000_000) }) throws {
        store = try backend.makeStore(now: now)
        for name in ["Acme", "Sales", "Support"] { _ = try store.addGroup(name: name, parentId: nil, isPrivate: false) }
        let members: [(String, Int64, Role?)] = [
            ("author", 1, .editor), ("admin1", 1, .groupAdmin), ("coach1", 1, .coach),
            ("admin2", 2, .groupAdmin), ("coach2", 2, .coach), ("editor2", 2, .editor), ("contributor2", 2, .contributor),
            ("learner2", 2, .learner), ("platform", 2, .platformAdmin), ("outsider", 2, nil),
        ]
        for (name, group, role) in members {
            _ = try store.addUser(User(email: "\(name)@acme.example"))
            if let role { try store.setMember(groupId: group, email: "\(name)@acme.example", role: role) }
        }
        var integration = try store.addIntegration(provider: .linkedin, groupId: 1, authorEmail: "author@acme.example", apiBase: nil, tokenURL: nil)
        try store.setTagSync(integrationId: integration.id!, enabled: true)
        integration.tagSync = true
        self.integration = integration
        var page = PageWrites()
        page.create([
            CatalogItem(providerId: "li-1", title: "Kubernetes Essential Training", description: "Deploy containers on a cluster.",
                        categories: ["Cloud Computing"]),
            CatalogItem(providerId: "li-2", title: "Leading Teams", description: "Leadership for new managers.", categories: ["Leadership"]),
            CatalogItem(providerId: "li-3", title: "Excel Tips", description: "Spreadsheets, faster.", categories: ["Office"]),
        ], tagSync: true)
        try store.apply(page, integration: integration, groups: [1], runId: nil)
    }
}
