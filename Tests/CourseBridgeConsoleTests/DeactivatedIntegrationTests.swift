@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

/// Issue 17, finding 2, in the console: a deactivated integration stays visible, can be activated again, and `s` on
/// it says why nothing starts instead of showing an older run.
@Suite("deactivated integrations in the console")
struct DeactivatedIntegrationTests {
    private func screen(_ m: ConsoleModel, tick: Int? = nil) -> String {
        var m = m
        if let tick { m.tick = tick }
        var buf = ScreenBuffer(width: 100, height: 30)
        render(m, into: &buf)
        return buf.text
    }

    /// The dashboard with the deactivated Skillsoft row (integration 2) selected.
    private func onDeactivatedRow() -> ConsoleModel {
        var m = Fixtures.model()
        press(&m, .down)
        return m
    }

    @Test func theDeactivatedRowStaysOnTheDashboardDimmedAndFilterable() {
        var m = Fixtures.model()
        let row = screen(m).split(separator: "\n").first { $0.contains("Skillsoft") } ?? ""
        #expect(row.contains("deactivated"), "\(row)")
        press(&m, .down)
        #expect(screen(m).contains("deactivated (Enter, then Activate integration, resumes it)"), "the panel says how to undo it")
        press(&m, .up)
        press(&m, .char("/"))
        type(&m, "deact")
        press(&m, .enter)
        #expect(visibleIntegrations(m).map { $0.integration.id } == [2])
    }

    @Test func syncNowOnADeactivatedIntegrationSaysSoAndOpensNothing() {
        var m = onDeactivatedRow()
        // An older failed run of this integration, from earlier in the session.
        var old = Fixtures.progress(.failed, total: nil)
        old.integrationId = 2
        _ = update(&m, .progress(old))
        let effects = press(&m, .char("s"))
        #expect(effects.isEmpty, "no run is asked for")
        #expect(m.screen == .dashboard, "no sync screen with the old run")
        #expect(m.flash?.isError == true)
        #expect(m.flash?.text.contains("Integration 2 is deactivated: synchronization is stopped") == true, "\(m.flash?.text ?? "")")
        #expect(m.flash?.text.contains("Activate integration") == true)
        press(&m, .char(":"))
        type(&m, "sync 2")
        #expect(press(&m, .enter).isEmpty)
        #expect(m.screen == .dashboard)
    }

    @Test func itsSettingsOfferActivationFirstAndEnterActivates() {
        var m = onDeactivatedRow()
        press(&m, .enter)
        #expect(m.screen == .integration(2))
        let items = settingItems(Fixtures.skillsoft.integration)
        #expect(items.first == .activate)
        #expect(!items.contains(.deactivate) && !items.contains(.syncNow))
        let text = screen(m)
        #expect(text.contains("Activate integration"), "\(text)")
        #expect(text.contains("the next sync restores the archived courses"), "\(text)")
        #expect(press(&m, .enter) == [.activate(2)])
        #expect(press(&m, .char("s")).isEmpty, "s on its settings refuses too")
        #expect(m.flash?.text.contains("is deactivated") == true)
    }

    @Test func readOnlyRefusesActivation() {
        var m = Fixtures.model(readOnly: true)
        press(&m, .down, .enter)
        // Read-only settings offer no Activate row at all (issue 17 #10); Enter opens what can be looked at.
        #expect(!press(&m, .enter).contains(.activate(2)))
        #expect(!settingItems(Fixtures.skillsoft.integration, readOnly: true).contains(.activate))
    }

    @Test func theRuntimeActivatesThroughTheServicesAndSaysWhatHappensNext() {
        let services = FakeServices()
        let runtime = ConsoleRuntime(services: services)
        runtime.perform(.activate(2))
        runtime.settle()
        #expect(services.calls.withLock { $0 }.contains("activate 2"))
        let msgs = runtime.drain()
        #expect(msgs.contains(.done("Integration 2 activated: synchronization resumes; the next sync restores its courses (s syncs now).")), "\(msgs)")
    }

    @Test func aFinishedRunsBarStandsStill() {
        var m = Fixtures.model()
        press(&m, .char("s"))
        _ = update(&m, .loaded(.dashboard([Fixtures.linkedIn, Fixtures.skillsoft])))
        _ = update(&m, .progress(Fixtures.progress(.listing, total: nil)))
        _ = update(&m, .progress(Fixtures.progress(.failed, total: nil)))
        #expect(screen(m, tick: 3) == screen(m, tick: 11), "no animation once the run has ended")
    }
}
