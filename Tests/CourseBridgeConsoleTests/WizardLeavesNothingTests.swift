@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

/// Issue 17 #3: the wizard stores nothing before its last step, walks back with Esc, refuses a group that already
/// has the provider, and guides a fresh database and the webhook setup.
@Suite("wizard: nothing half-made")
struct WizardLeavesNothingTests {
    static let admin = User(id: 1, email: "admin@acme.example")
    static let options: WizardOptions = {
        var o = WizardOptions(groups: [(Group(id: 1, name: "Acme"), 0), (Group(id: 2, name: "Sales", parentId: 1), 1)],
                              authors: [admin])
        o.activeProviders = [1: [.linkedin]]
        return o
    }()

    private func screen(_ m: ConsoleModel) -> String {
        var buf = ScreenBuffer(width: 100, height: 30)
        render(m, into: &buf)
        return buf.text
    }

    /// LinkedIn (row 0) in Sales (row 1), author chosen: the credentials step.
    private func atCredentials() -> ConsoleModel {
        var m = Fixtures.model()
        press(&m, .char("a"))
        _ = update(&m, .loaded(.wizardOptions(Self.options)))
        press(&m, .enter, .down, .enter, .enter)
        return m
    }

    private func changes(_ effects: [ConsoleEffect]) -> [ConsoleEffect] { effects.filter(\.changesData) }

    @Test func noStepBeforeTheLastStoresAnything() {
        var m = atCredentials()
        #expect(m.wizard?.step == .credentials)
        type(&m, "id")
        press(&m, .tab)
        type(&m, "secret")
        let effects = press(&m, .enter)
        #expect(changes(effects).isEmpty, "TEST CONNECTION runs on the typed credentials, nothing saved: \(effects)")
        _ = update(&m, .loaded(.wizardTested(ConnectionOutcome(ok: false, message: "401: wrong secret"))))
        #expect(screen(m).contains("S: save anyway"))
        // Quitting here leaves nothing behind: no effect so far changed data.
        let finished = press(&m, .char("S"))
        #expect(finished == [.finishWizard(.linkedin, groupId: 2, authorEmail: "admin@acme.example",
                                           credentials: ["client_id": "id", "client_secret": "secret"], programs: nil)])
    }

    @Test func escAtCredentialsAndTestGoesBackOneStep() {
        var m = atCredentials()
        #expect(press(&m, .esc).isEmpty)
        #expect(m.screen == .wizard && m.wizard?.step == .author, "Esc at step 4 goes back to the author, as the footer says")
        press(&m, .enter)
        type(&m, "id")
        press(&m, .tab)
        type(&m, "secret")
        press(&m, .enter)
        _ = update(&m, .loaded(.wizardTested(ConnectionOutcome(ok: true, message: "Connected"))))
        press(&m, .esc)
        #expect(m.wizard?.step == .credentials)
        #expect(m.wizard?.form.values["client_id"] == "id", "going back keeps what was typed")
        press(&m, .esc, .esc, .esc)
        #expect(m.wizard?.step == .provider)
        press(&m, .esc)
        guard case .confirm(let c)? = m.overlay else { Issue.record("typed credentials are not dropped without asking"); return }
        #expect(c.title == "Leave the wizard?" && !c.focusOnConfirm)
        press(&m, .char("y"))
        #expect(m.screen == .dashboard && m.wizard == nil, "Esc at step 1 leaves (after asking, as credentials were typed)")
    }

    @Test func groupWithTheProviderIsRefusedAtTheGroupStepAndTheErrorClearsGoingBack() {
        var m = Fixtures.model()
        press(&m, .char("a"))
        _ = update(&m, .loaded(.wizardOptions(Self.options)))
        press(&m, .enter, .enter) // LinkedIn, Acme
        #expect(m.wizard?.step == .group)
        #expect(m.flash?.isError == true)
        #expect(m.flash?.text.contains("Acme already has an active LinkedIn Learning integration") == true)
        press(&m, .esc)
        #expect(m.wizard?.step == .provider)
        #expect(m.flash == nil)
    }

    @Test func doneTellsLinkedInAboutItsWebhookCredentials() {
        var m = atCredentials()
        m.wizard?.step = .done
        m.wizard?.integrationId = 7
        let text = screen(m)
        #expect(text.contains("webhook credentials"))
        #expect(text.contains("coursebridge integration webhook 7"))
    }

    @Test func freshDatabaseGroupStepShowsTheCommandsToRun() {
        var m = Fixtures.model()
        press(&m, .char("a"))
        _ = update(&m, .loaded(.wizardOptions(WizardOptions(groups: [], authors: []))))
        press(&m, .enter)
        let text = screen(m)
        #expect(text.contains("coursebridge group add NAME"))
        #expect(text.contains("coursebridge user add --email EMAIL"))
        #expect(text.contains("coursebridge group member add NAME EMAIL --role group-admin"))
    }
}
