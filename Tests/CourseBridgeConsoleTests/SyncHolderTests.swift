@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

/// Issue 16: with several instances on one PostgreSQL, the console shows which one runs an integration's sync
/// (the holder of its sync lease), on the dashboard and on the sync screen.
@Suite("the instance running a sync")
struct SyncHolderTests {
    private func screen(_ m: ConsoleModel) -> String {
        var buf = ScreenBuffer(width: 120, height: 34)
        render(m, into: &buf)
        return buf.text
    }

    /// The dashboard of Fixtures, with integration 1's sync running on another instance since a minute.
    private func syncingElsewhere() -> ConsoleModel {
        var linkedIn = Fixtures.linkedIn
        linkedIn.lastRun = SyncRunRecord(id: 9, integrationId: 1, trigger: .schedule, startedAt: Fixtures.now.addingTimeInterval(-60),
                                         endedAt: nil, outcome: .running, reason: nil, counts: SyncPlanCounts(), pages: 3,
                                         itemsSeen: 300, warnings: 0, errors: [])
        linkedIn.syncHolder = "host-b:4242"
        var m = ConsoleModel(readOnly: false, now: Fixtures.now)
        _ = update(&m, .loaded(.dashboard([linkedIn, Fixtures.skillsoft])))
        return m
    }

    @Test func theDashboardRowAndPanelNameTheInstanceRunningTheSync() {
        let text = screen(syncingElsewhere())
        let row = text.split(separator: "\n").first { $0.contains("LinkedIn") && $0.contains("Acme") } ?? ""
        #expect(row.contains("running on host"), "\(row)")     // the column cuts it; the panel below has it whole
        #expect(text.contains("#9 running on host-b:4242"), "\(text)")
    }

    @Test func theSyncScreenNamesTheInstanceRunningTheSync() {
        var m = syncingElsewhere()
        m.stack.append(.sync(1))
        #expect(screen(m).contains("Running on host-b:4242 (holds the sync lease)"))
    }

    @Test func nothingIsNamedWhenNoInstanceRunsIt() {
        var m = Fixtures.model()
        #expect(!screen(m).contains("running on"))
        m.stack.append(.sync(1))
        #expect(!screen(m).contains("Running on"))
    }
}
