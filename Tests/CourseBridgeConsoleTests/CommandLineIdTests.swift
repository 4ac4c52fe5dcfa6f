@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

/// Issue 17, finding 4 (`:sync 99` spun forever beside a CLI-style error) and finding 6's run detail whose
/// "loading…" never stopped.
@Suite("`:` commands with ids, and screens that stop loading")
struct CommandLineIdTests {
    private func run(_ m: inout ConsoleModel, _ command: String) -> [ConsoleEffect] {
        press(&m, .char(":"))
        type(&m, command)
        return press(&m, .enter)
    }

    private func screen(_ m: ConsoleModel) -> String {
        var buf = ScreenBuffer(width: 100, height: 30)
        render(m, into: &buf)
        return buf.text
    }

    @Test(arguments: ["sync 99", "s 99", "i 99", "courses 99", "history 99"])
    func anIdThatNamesNoIntegrationIsAnErrorNotAScreen(_ command: String) {
        var m = Fixtures.model()
        #expect(run(&m, command).isEmpty, "nothing is started or loaded")
        #expect(m.screen == .dashboard)
        #expect(m.flash?.isError == true)
        #expect(m.flash?.text == "There is no integration 99; the dashboard lists integrations 1, 2.")
        #expect(!screen(m).contains("starting…"))
    }

    @Test func aRefusedStartLeavesTheSyncScreenWithTheEnginesReason() {
        var m = Fixtures.model()
        press(&m, .char("s"))
        #expect(m.screen == .sync(1))
        _ = update(&m, .loaded(.syncRefused(integrationId: 1, reason: "integration 1 has no LinkedIn Learning credentials")))
        #expect(m.screen == .dashboard, "no screen waiting for a run that never starts")
        #expect(m.flash?.text == "Sync of integration 1 not started: integration 1 has no LinkedIn Learning credentials")
    }

    @Test func theRuntimeTurnsAnEngineRefusalIntoThatMessage() {
        let runtime = ConsoleRuntime(services: FakeServices(refuseSync: "integration 1 is already syncing (run 40)"))
        runtime.perform(.startSync(1, confirmArchive: false))
        runtime.settle()
        #expect(runtime.drain() == [.loaded(.syncRefused(integrationId: 1, reason: "integration 1 is already syncing (run 40)"))])
    }

    @Test func aRunningSyncIsNotLeftWhenASecondStartIsRefused() {
        var m = Fixtures.model()
        press(&m, .char("s"))
        _ = update(&m, .progress(Fixtures.progress(.listing)))
        _ = update(&m, .loaded(.syncRefused(integrationId: 1, reason: "integration 1 is already syncing (run 41)")))
        #expect(m.screen == .sync(1), "the live run is still shown")
    }

    @Test func theRunDetailDoesNotShowLoadingForever() {
        var m = Fixtures.model()
        press(&m, .char("h"))
        let run = SyncRunRecord(id: 7, integrationId: 1, trigger: .manual, startedAt: Fixtures.now, endedAt: Fixtures.now, outcome: .succeeded,
                                reason: nil, counts: SyncPlanCounts(), pages: 1, itemsSeen: 3, warnings: 0, errors: [])
        _ = update(&m, .loaded(.runs([run])))
        press(&m, .enter)
        #expect(m.screen == .runDetail(7))
        #expect(m.loading == false, "the run detail reads nothing: it is already loaded")
        #expect(!screen(m).contains("loading…"))
    }
}
