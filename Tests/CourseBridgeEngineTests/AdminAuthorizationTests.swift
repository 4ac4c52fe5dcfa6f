import CourseBridgeCore
import CourseBridgeData
import CourseBridgeEngine
import CourseBridgeTestSupport
import Foundation
import Testing

/// Who acts on users, groups, roles and integrations, as the CLI's `--as` and the console resolve it.
struct AdminAuthorizationTests {
    @Test func withoutAPlatformAdministratorTheOperatorActs() throws {
        let store = try TestBackend.sqlite.makeStore()
        let authorization = AdminAuthorization(store: store)
        #expect(try authorization.actor(email: nil) == nil)
        #expect(try authorization.refusal(.addUsers, actingEmail: nil) == nil)
        #expect(try authorization.refusal(.integration(.create, integrationId: nil), actingEmail: nil) == nil)
        #expect(AdminAuthorization.refusal(.addGroup, by: nil) == nil)
    }

    @Test func byDefaultTheFirstPlatformAdministratorActs() throws {
        let f = try PlatformFixture()
        let actor = try AdminAuthorization(store: f.store).actor(email: nil)
        #expect(actor == ActingUser(email: "platform@acme.example", isPlatformAdmin: true))
        #expect(try AdminAuthorization(store: f.store).refusal(.addGroup, actingEmail: nil) == nil)
    }

    @Test func anotherUserIsRefusedWithTheReasonAndTheWayOut() throws {
        let f = try PlatformFixture()
        let refusal = try AdminAuthorization(store: f.store).refusal(.integration(.sync, integrationId: 1), actingEmail: "admin1@acme.example")
        #expect(refusal?.description == "admin1@acme.example is not a platform administrator: only a platform administrator may start a sync of integration 1; run the command as one with --as EMAIL (coursebridge group member list GROUP shows the roles)")
        #expect(throws: StoreError.self) { try AdminAuthorization(store: f.store).refusal(.addUsers, actingEmail: "nobody@acme.example") }
    }

    @Test func aGroupAdminGivesLowerRolesInTheirOwnGroupOnly() throws {
        let f = try PlatformFixture()
        let authorization = AdminAuthorization(store: f.store)
        #expect(try authorization.actor(email: "admin2@acme.example", groupId: 2)?.role == .groupAdmin)
        #expect(try authorization.refusal(.grantRole(.editor, groupId: 2, replacing: .learner), actingEmail: "admin2@acme.example") == nil)
        #expect(try authorization.refusal(.grantRole(.editor, groupId: 1, replacing: nil), actingEmail: "admin2@acme.example") != nil)
        #expect(try authorization.refusal(.grantRole(.groupAdmin, groupId: 2, replacing: nil), actingEmail: "admin2@acme.example") != nil)
    }
}
