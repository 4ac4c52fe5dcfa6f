@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

/// Deleting a never-synced integration, copying addresses, one colour role per state, `:` in help and footer,
/// sort markers, and the run detail of a first sync.
@Suite("console: delete, copy, states, help, run detail")
struct DeleteCopyAndStatesTests {
    private func screen(_ m: ConsoleModel, _ w: Int = 80, _ h: Int = 24) -> String {
        var buf = ScreenBuffer(width: w, height: h)
        render(m, into: &buf)
        return buf.text
    }

    private var abandoned: IntegrationSummary {
        let i = Integration(id: 3, provider: .edx, groupId: 1, authorUserId: 1, configuredAt: Fixtures.now)
        return IntegrationSummary(integration: i, groupName: "Acme", authorEmail: "admin@acme.example")
    }

    private func modelWithAbandoned(readOnly: Bool = false) -> ConsoleModel {
        var m = ConsoleModel(readOnly: readOnly, now: Fixtures.now)
        _ = update(&m, .loaded(.dashboard([Fixtures.linkedIn, Fixtures.skillsoft, abandoned])))
        return m
    }

    // MARK: - Delete

    @Test func deletingAnIntegrationNeverSyncedAsksWithCancelFocusedThenDeletesAndLeavesItsScreens() {
        var m = modelWithAbandoned()
        _ = press(&m, .down, .down, .enter)
        #expect(m.screen == .integration(3))
        _ = press(&m, .char("D"))
        guard case .confirm(let c) = m.overlay else {
            Issue.record("no confirmation")
            return
        }
        #expect(!c.focusOnConfirm, "Cancel is the default")
        #expect(c.title.contains("Delete integration 3 (edX · Acme)?"))
        #expect(press(&m, .enter).isEmpty, "Enter on the default cancels")
        _ = press(&m, .char("D"))
        #expect(press(&m, .right, .enter) == [.deleteIntegration(3)])
        let effects = update(&m, .loaded(.integrationDeleted(3)))
        #expect(m.stack == [.dashboard])
        #expect(m.integrations.count == 2)
        #expect(m.flash?.text == "Integration 3 deleted.")
        #expect(effects.contains(.loadDashboard))
    }

    @Test func anIntegrationWithCoursesIsNotOfferedForDeleteButForDeactivation() {
        var m = modelWithAbandoned()
        #expect(press(&m, .char("D")).isEmpty)
        #expect(m.overlay == nil)
        #expect(m.flash?.isError == true)
        #expect(m.flash?.text.contains("cannot be deleted: it holds 1235 courses") == true, "\(m.flash?.text ?? "")")
        #expect(m.flash?.text.contains("Deactivate it instead") == true)
    }

    @Test func readOnlyNeitherDeletesNorCopies() {
        var m = modelWithAbandoned(readOnly: true)
        _ = press(&m, .down, .down)
        #expect(press(&m, .char("D")).isEmpty && m.overlay == nil)
        var w = Fixtures.model(readOnly: true)
        _ = press(&w, .enter)
        #expect(press(&w, .char("y")).isEmpty)
        #expect(!screen(w).contains("y copy"))
    }

    // MARK: - Copy

    @Test func yCopiesTheStatementsURLAndYTheClientIdNeverTheSecret() {
        var m = Fixtures.model()
        m.publicBaseURL = "https://lms.example/"
        _ = press(&m, .enter, .down, .enter)
        #expect(m.screen == .webhook(1))
        _ = update(&m, .loaded(.webhook(1, WebhookInfo(clientId: "cb-client-1", clientSecret: "s3cret-just-made"))))
        #expect(press(&m, .char("y")) == [.copyToClipboard("https://lms.example/api/linkedinlearning/stats")])
        #expect(m.flash?.text.hasPrefix("Copied the statements URL to the clipboard: https://lms.example/api/linkedinlearning/stats") == true)
        #expect(press(&m, .char("Y")) == [.copyToClipboard("cb-client-1")])
        for key in ["y", "Y", "c", "C"] {
            let effects = press(&m, .char(Character(key)))
            #expect(!effects.contains { if case .copyToClipboard(let t) = $0 { t.contains("s3cret") } else { false } })
        }
    }

    @Test func theIntakeScreenCopiesThePublicURL() {
        var m = Fixtures.model()
        m.publicBaseURL = "https://lms.example"
        _ = press(&m, .char("i"))
        #expect(press(&m, .char("y")) == [.copyToClipboard("https://lms.example")])
    }

    // MARK: - States, markers, help

    @Test func eachStateHasOneRoleOnEveryScreen() {
        #expect(StateStyle.run(.failed) == .failed && StateStyle.phase(.failed) == .failed)
        #expect(StateStyle.run(.held) == .held && StateStyle.phase(.held) == .held)
        #expect(StateStyle.integration(Fixtures.skillsoft) == .deactivated)
        #expect(StateStyle.integration(abandoned) == .noCredentials)
        // The dashboard row of the integration without credentials and the settings' NOT SET share the role.
        var m = modelWithAbandoned()
        var buf = ScreenBuffer(width: 80, height: 24)
        render(m, into: &buf)
        #expect(buf[5, 5].style == .noCredentials, "row 3 of the dashboard")
        #expect(buf[5, 4].style == .deactivated)
        _ = press(&m, .down, .down, .enter, .down)
        buf = ScreenBuffer(width: 80, height: 24)
        render(m, into: &buf)
        #expect(buf[41, 3].style == .noCredentials, "NOT SET")
        for theme in ["dark", "light", "high-contrast", "mono"] {
            let t = ThemeLoader.resolve(name: theme, environment: [:], directories: []).0
            #expect(t.style(.failed) != t.style(.held) && t.style(.held) != t.style(.noCredentials), "\(theme)")
        }
    }

    @Test func everyListShowsItsOrder() {
        var m = Fixtures.model()
        #expect(screen(m).contains(" ID▲ Provider"))
        _ = press(&m, .char("e"))
        #expect(screen(m).contains("Time (UTC)▼"))
        _ = press(&m, .esc, .char("x"))
        #expect(screen(m).contains("Received (UTC)▼"))
        _ = press(&m, .esc, .char("c"))
        #expect(screen(m).contains("ID▲"))
    }

    @Test func helpListsTheCommandsAndTheFooterOffersTheCommandLine() {
        var m = Fixtures.model()
        #expect(screen(m).contains(": command"))
        _ = press(&m, .char("?"))
        let text = screen(m)
        for command in [":sync ID", ":i ID", ":courses [ID]", ":events", ":intake", ":q"] {
            #expect(text.contains(command), "help lists \(command):\n\(text)")
        }
        // Every key of the dashboard still fits at 80×24 (two columns).
        for b in KeyTable.bindings(for: .dashboard) { #expect(text.contains(b.label), "help lists \(b.label)") }
    }

    @Test func theSettingsShowWhereTheProviderIsCalledAndCourserasPrograms() {
        var m = Fixtures.model()
        _ = press(&m, .enter)
        var text = screen(m, 120, 30)
        #expect(text.contains("API \(Fixtures.linkedIn.integration.apiBase)"), "\(text)")
        #expect(text.contains("coursebridge integration endpoints 1 --api-base URL"))
        var coursera = Integration(id: 5, provider: .coursera, groupId: 1, authorUserId: 1, configuredAt: Fixtures.now)
        coursera.selectedPrograms = ["prog-data", "prog-ml"]
        _ = update(&m, .loaded(.dashboard([IntegrationSummary(integration: coursera, groupName: "Acme")])))
        m.stack = [.dashboard, .integration(5)]
        m.lists[.integration(5)] = ListState()
        text = screen(m, 120, 30)
        #expect(text.contains("Programs: prog-data, prog-ml (coursebridge integration programs 5)"), "\(text)")
    }

    // MARK: - Run detail

    private func firstSync(warnings: Int) -> SyncRunRecord {
        let messages = (0..<warnings).map {
            RunMessage(kind: .warning, providerId: "li-\($0)",
                       message: "item \($0) has no title in any language the integration imports, so it was ignored rather than created")
        }
        return SyncRunRecord(id: 9, integrationId: 1, trigger: .manual, startedAt: Fixtures.now, endedAt: Fixtures.now, outcome: .succeeded,
                             counts: SyncPlanCounts(created: 0, updated: 0, archived: 0, ignored: 273, unchanged: 0), pages: 3,
                             itemsSeen: 273, warnings: warnings, errors: messages)
    }

    @Test func aFirstSyncThatImportsNothingSaysSoAndItsWarningsWrapAndScroll() {
        var m = Fixtures.model()
        _ = press(&m, .char("h"))
        _ = update(&m, .loaded(.runs([firstSync(warnings: 30)])))
        #expect(screen(m).contains("1 run · 0 with errors · 1 with warnings"))
        _ = press(&m, .enter)
        var text = screen(m)
        let flat = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(flat.contains("Nothing was imported: all 273 items were ignored; the warnings below say why."), "\(text)")
        #expect(text.contains("0 errors, 30 warnings"))
        #expect(flat.contains("so it was ignored rather than created"), "a message is wrapped, not cut:\n\(text)")
        #expect(!text.contains("loading"))
        #expect(!text.contains("li-29"))
        _ = press(&m, .end)
        text = screen(m)
        #expect(text.contains("li-29"), "End scrolls to the last warning:\n\(text)")
        #expect(text.contains("of 60"))
    }
}
