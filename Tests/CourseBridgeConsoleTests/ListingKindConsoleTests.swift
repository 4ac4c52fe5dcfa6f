@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

/// Issue 18 in the console: run history and run detail say which listing each run read, and the schedule form sets
/// how often a whole listing is read.
@Suite("Listing kinds in the console")
struct ListingKindConsoleTests {
    private func screen(_ m: ConsoleModel) -> String {
        var buf = ScreenBuffer(width: 120, height: 30)
        render(m, into: &buf)
        return buf.text
    }

    static let incremental = SyncRunRecord(id: 5, integrationId: 1, trigger: .schedule, startedAt: Fixtures.now.addingTimeInterval(-600),
                                           endedAt: Fixtures.now.addingTimeInterval(-590), outcome: .succeeded,
                                           counts: SyncPlanCounts(updated: 4), pages: 1, itemsSeen: 4, warnings: 0, errors: [],
                                           listing: "incremental")
    static let periodic = SyncRunRecord(id: 4, integrationId: 1, trigger: .schedule, startedAt: Fixtures.now.addingTimeInterval(-86_400),
                                        endedAt: Fixtures.now.addingTimeInterval(-86_000), outcome: .succeeded,
                                        counts: SyncPlanCounts(unchanged: 900), pages: 9, itemsSeen: 900, warnings: 0, errors: [],
                                        listing: "full:periodic")

    @Test func historyAndDetailSayWhichListingARunRead() {
        var m = Fixtures.model()
        press(&m, .char("h"))
        _ = update(&m, .loaded(.runs([Self.incremental, Self.periodic])))
        let rows = screen(m).split(separator: "\n")
        #expect(rows.contains { $0.contains("succeeded") && $0.contains("incremental") }, "\(screen(m))")
        #expect(rows.contains { $0.contains("succeeded") && $0.contains("full") }, "\(screen(m))")
        press(&m, .down, .enter)
        #expect(m.screen == .runDetail(4))
        #expect(screen(m).contains("Listing       full (periodic)"), "\(screen(m))")
    }

    private func scheduleForm(fullEvery: String) -> ConsoleModel {
        var m = Fixtures.model()
        m.stack = [.dashboard, .schedule(1)]
        m.form = FormState(fields: [FormField(key: "time", label: "Time (HH:MM)", value: "02:00"),
                                    FormField(key: "tz", label: "Time zone (IANA)", value: "UTC"),
                                    FormField(key: "fullEvery", label: "Full listing (days)", value: fullEvery)])
        return m
    }

    @Test func theScheduleFormSavesTheFullListingInterval() {
        var m = scheduleForm(fullEvery: "3")
        let effects = press(&m, .enter)
        #expect(effects.contains { if case .setFullListingInterval(1, 3) = $0 { true } else { false } }, "\(effects)")
        #expect(effects.contains { if case .setSchedule(1, _) = $0 { true } else { false } })
        #expect(screen(scheduleForm(fullEvery: "7")).contains("Full listing (days)"))
    }

    @Test func aZeroIntervalIsRefusedWithWhatToEnter() {
        var m = scheduleForm(fullEvery: "0")
        #expect(press(&m, .enter).isEmpty)
        #expect(m.flash?.isError == true)
        #expect(m.flash?.text.contains("number of days, 1 or more") == true)
    }
}
