import CourseBridgeCore
import CourseBridgeData
import CourseBridgeEngine
import CourseBridgeTestSupport
import Foundation
import Testing

/// Creating an integration through the engine: the author must be able to author the group's courses, and the
/// setup wizard's list of authors is exactly who the creation accepts.
struct IntegrationAuthoringTests {
    @Test func anAuthorWithoutAnAuthoringRoleIsRefusedAndNothingIsWritten() throws {
        let f = try PlatformFixture()
        let authoring = IntegrationAuthoring(store: f.store)
        #expect(throws: StoreError.refused("coach2@acme.example cannot author courses of group 2 'Sales': the author must be a group admin or editor there (now: coach); grant it with: coursebridge group member add 2 coach2@acme.example --role editor")) {
            try authoring.addIntegration(provider: .coursera, groupId: 2, authorEmail: "coach2@acme.example", apiBase: nil, tokenURL: nil)
        }
        #expect(throws: StoreError.refused("outsider@acme.example cannot author courses of group 2 'Sales': the author must be a group admin or editor there (now: no role); grant it with: coursebridge group member add 2 outsider@acme.example --role editor")) {
            try authoring.addIntegration(provider: .coursera, groupId: 2, authorEmail: "outsider@acme.example", apiBase: nil, tokenURL: nil)
        }
        #expect(try f.store.integrations().count == 1)
    }

    @Test func editorsGroupAdminsAndPlatformAdminsMayAuthor() throws {
        let f = try PlatformFixture()
        let authoring = IntegrationAuthoring(store: f.store)
        let byEditor = try authoring.addIntegration(provider: .coursera, groupId: 2, authorEmail: "editor2@acme.example", apiBase: nil, tokenURL: nil)
        let byAdmin = try authoring.addIntegration(provider: .edx, groupId: 2, authorEmail: "admin2@acme.example", apiBase: nil, tokenURL: nil)
        // platform@ is a member of group 2 only, and may author group 3's courses.
        let byPlatform = try authoring.addIntegration(provider: .edx, groupId: 3, authorEmail: "platform@acme.example", apiBase: nil, tokenURL: nil)
        #expect([byEditor.groupId, byAdmin.groupId, byPlatform.groupId] == [2, 2, 3])
    }

    @Test func unknownGroupAndAuthorAndASecondActiveIntegrationAreReportedAsBefore() throws {
        let f = try PlatformFixture()
        let authoring = IntegrationAuthoring(store: f.store)
        #expect(throws: StoreError.self) {
            try authoring.addIntegration(provider: .edx, groupId: 99, authorEmail: "admin2@acme.example", apiBase: nil, tokenURL: nil)
        }
        #expect(throws: StoreError.self) {
            try authoring.addIntegration(provider: .edx, groupId: 2, authorEmail: "nobody@acme.example", apiBase: nil, tokenURL: nil)
        }
        #expect(throws: StoreError.conflict("group 1 already has an active LinkedIn Learning integration (id 1); deactivate it first with: coursebridge integration deactivate 1")) {
            try authoring.addIntegration(provider: .linkedin, groupId: 1, authorEmail: "admin1@acme.example", apiBase: nil, tokenURL: nil)
        }
    }

    @Test func theWizardOffersExactlyTheAuthorsTheCreationAccepts() throws {
        let f = try PlatformFixture()
        let authors = try IntegrationAuthoring(store: f.store).eligibleAuthors().mapValues { $0.map(\.email) }
        #expect(authors[1] == ["admin1@acme.example", "author@acme.example", "platform@acme.example"])
        #expect(authors[2] == ["admin2@acme.example", "editor2@acme.example", "platform@acme.example"])
        #expect(authors[3] == ["platform@acme.example"])
    }
}
