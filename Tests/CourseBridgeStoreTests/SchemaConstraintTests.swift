import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeStore
import Foundation
import GRDB
import Testing

@Suite struct SchemaConstraintTests {
    /// Raw SQL against the schema: the rules hold even for writers that bypass the repositories.
    @Test(arguments: [
        ("email unique case-insensitively", "INSERT INTO user(email, created_at) VALUES ('A@X.EXAMPLE', 0)", false),
        ("username unique", "INSERT INTO user(email, username, created_at) VALUES ('b@x.example', 'ann', 0)", false),
        ("external id NOT unique", "INSERT INTO user(email, external_id, created_at) VALUES ('c@x.example', 'EMP-1', 0)", true),
        ("course unique per provider and provider id",
         "INSERT INTO course(provider, provider_id, title, created_at, updated_at) VALUES ('linkedin', 'urn:li:lyndaCourse:1', 'x', 0, 0)", false),
        ("same provider id under another provider",
         "INSERT INTO course(provider, provider_id, title, created_at, updated_at) VALUES ('edx', 'urn:li:lyndaCourse:1', 'x', 0, 0)", true),
        ("tag source synced or manual only", "INSERT INTO course_tag(course_id, name, source) VALUES (1, 't', 'imported')", false),
        ("a second active integration per provider per group",
         "INSERT INTO integration(provider, group_id, author_user_id, api_base, schedule_time, schedule_tz, configured_at, created_at) VALUES ('linkedin', 1, 1, 'x', '08:10', 'Europe/Paris', 0, 0)", false),
        ("an active integration of another provider on the same group",
         "INSERT INTO integration(provider, group_id, author_user_id, api_base, schedule_time, schedule_tz, configured_at, created_at) VALUES ('edx', 1, 1, 'x', '08:10', 'Europe/Paris', 0, 0)", true),
        ("unknown role", "INSERT INTO membership(group_id, user_id, role) VALUES (1, 1, 'owner')", false),
    ])
    func constraint(rule: String, sql: String, accepted: Bool) throws {
        let store = try Store.inMemory()
        try store.writer.write { db in
            try db.execute(sql: """
                INSERT INTO "group"(id, name, created_at) VALUES (1, 'Acme', 0);
                INSERT INTO user(id, email, username, external_id, created_at) VALUES (1, 'a@x.example', 'ann', 'EMP-1', 0);
                INSERT INTO integration(provider, group_id, author_user_id, api_base, schedule_time, schedule_tz, configured_at, created_at)
                    VALUES ('linkedin', 1, 1, 'x', '08:10', 'Europe/Paris', 0, 0);
                INSERT INTO course(id, provider, provider_id, title, created_at, updated_at)
                    VALUES (1, 'linkedin', 'urn:li:lyndaCourse:1', 'x', 0, 0);
                """)
        }
        let result = Result { try store.writer.write { db in try db.execute(sql: sql) } }
        switch result {
        case .success: #expect(accepted, "\(rule): expected a refusal")
        case .failure(let error):
            #expect(!accepted, "\(rule): expected acceptance, got \(error)")
            #expect((error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT, "\(rule): \(error)")
        }
    }

    @Test func deactivatedIntegrationFreesTheSlot() throws {
        let store = try Store.inMemory()
        let (group, admin) = try seededStore(store)
        let first = try store.addIntegration(provider: .linkedin, groupId: group.id!, authorEmail: admin.email, apiBase: nil, tokenURL: nil)
        #expect(throws: StoreError.self) {
            try store.addIntegration(provider: .linkedin, groupId: group.id!, authorEmail: admin.email, apiBase: nil, tokenURL: nil)
        }
        try store.deactivate(integrationId: first.id!)
        let second = try store.addIntegration(provider: .linkedin, groupId: group.id!, authorEmail: admin.email, apiBase: nil, tokenURL: nil)
        #expect(second.id != first.id)
    }

    // Who may author an integration is the engine's decision now: IntegrationAuthoringTests (Engine) and
    // AuthorEligibilityRulesTests (Core).

    @Test func deactivateArchivesCoursesAndKeepsAttempts() throws {
        let store = try Store.inMemory()
        let (group, admin) = try seededStore(store)
        let integration = try store.addIntegration(provider: .edx, groupId: group.id!, authorEmail: admin.email, apiBase: nil, tokenURL: nil)
        try store.writer.write { db in
            try db.execute(sql: """
                INSERT INTO course(id, integration_id, provider, provider_id, title, created_at, updated_at) VALUES (7, ?, 'edx', 'MITx+6.00.1x', 'Intro', 0, 0);
                INSERT INTO attempt(user_id, course_id, started_at, progress) VALUES (?, 7, 0, 40);
                """, arguments: [integration.id, admin.id])
        }
        let archived = try store.deactivate(integrationId: integration.id!)
        #expect(archived == 1)
        #expect(try store.courses(CourseQuery(integrationId: integration.id, status: .archived)).count == 1)
        let attempts = try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM attempt") }
        #expect(attempts == 1)
    }

    @Test func publicSubgroupsSkipPrivateBranches() throws {
        let store = try Store.inMemory()
        let root = try store.addGroup(name: "Root", parentId: nil, isPrivate: false)
        let a = try store.addGroup(name: "A", parentId: root.id, isPrivate: false)
        let a1 = try store.addGroup(name: "A1", parentId: a.id, isPrivate: false)
        let p = try store.addGroup(name: "P", parentId: root.id, isPrivate: true)
        _ = try store.addGroup(name: "P1 under private", parentId: p.id, isPrivate: false)
        #expect(try store.publicSubgroups(of: root.id!) == [a.id!, a1.id!])
    }
}
