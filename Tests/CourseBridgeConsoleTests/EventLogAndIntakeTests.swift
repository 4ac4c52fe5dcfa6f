@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

@Suite("event log, live intake and 80×24")
struct EventLogAndIntakeTests {
    private func screen(_ m: ConsoleModel, _ w: Int = 80, _ h: Int = 24) -> String {
        var buf = ScreenBuffer(width: w, height: h)
        render(m, into: &buf)
        return buf.text
    }

    private var events: [PlatformEvent] {
        [PlatformEvent(id: 3, at: Fixtures.now, kind: .tokenFailure, severity: .warning, integrationId: nil,
                       message: "2 LinkedIn Learning token requests refused in 10 s; last: invalid_client"),
         PlatformEvent(id: 2, at: Fixtures.now.addingTimeInterval(-60), kind: .syncEnded, severity: .error, integrationId: 1,
                       message: "sync run 7 failed: the provider answered 500"),
         PlatformEvent(id: 1, at: Fixtures.now.addingTimeInterval(-120), kind: .syncStarted, integrationId: 1, message: "sync run 7 started (manual)")]
    }

    private var intakeRows: [IntakeRow] {
        [IntakeRow(integrationId: 1, provider: .linkedin, groupName: "Acme", lastReceived: Fixtures.now.addingTimeInterval(-5),
                   lastMinute: 90, receivedToday: 412, applied: 400, quarantined: 12, tokenFailures: 2)]
    }

    // MARK: - Event log

    @Test func eOpensTheEventLogWhichReadsTheLogAndRefreshesEverySecond() {
        var m = Fixtures.model()
        let effects = press(&m, .char("e"))
        #expect(m.screen == .events)
        #expect(effects == [.loadEvents(EventQuery(text: "", limit: 500))])
        let refreshes = (0..<10).flatMap { _ in update(&m, .tick(Fixtures.now)) }
        #expect(refreshes == [.loadEvents(EventQuery(text: "", limit: 500))], "one reread per second (10 ticks)")
        #expect(KeyTable.bindings(for: .dashboard).contains { $0.keys == [.char("e")] && $0.action == .events })
    }

    @Test func eventsCommandAndKindFilterAndSlashFilterAskTheStore() {
        var m = Fixtures.model()
        _ = press(&m, .char(":"))
        type(&m, "events")
        _ = press(&m, .enter)
        #expect(m.screen == .events)
        #expect(press(&m, .char("t")) == [.loadEvents(EventQuery(kinds: [.syncStarted], text: "", limit: 500))])
        #expect(press(&m, .char("t")) == [.loadEvents(EventQuery(kinds: [.syncEnded], text: "", limit: 500))])
        _ = press(&m, .char("/"))
        _ = press(&m, .char("r"))
        let typed = press(&m, .char("u"))
        #expect(typed == [.loadEvents(EventQuery(kinds: [.syncEnded], text: "ru", limit: 500))])
        // An answer to an older filter does not replace the rows.
        _ = update(&m, .loaded(.events(EventQuery(text: "", limit: 500), events)))
        #expect(m.events.isEmpty)
    }

    @Test func eventLogShowsNewestFirstWithSeverityColours() {
        var m = Fixtures.model()
        _ = press(&m, .char("e"))
        _ = update(&m, .loaded(.events(m.eventQuery, events)))
        let text = screen(m, 100, 30)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[2].contains("Time (UTC)▼         Kind          Int Message"))
        #expect(lines[3].contains("2023-11-14 22:13:20 token-failure   — 2 LinkedIn Learning token requests refused"))
        #expect(lines[4].contains("sync-ended      1 sync run 7 failed"))
        #expect(lines[5].contains("sync-started    1 sync run 7 started"))
        var buf = ScreenBuffer(width: 100, height: 30)
        render(m, into: &buf)
        #expect(buf[30, 4].style == .error)
        #expect(buf[30, 5].style == .normal)
        #expect(text.contains("t kind filter"))
    }

    @Test func emptyEventLogSaysWhatWillAppear() {
        var m = Fixtures.model()
        _ = press(&m, .char("e"))
        _ = update(&m, .loaded(.events(m.eventQuery, [])))
        #expect(ConsoleJourneyFlat.flat(screen(m)).contains("No events yet: syncs, statement batches, token failures and quarantines are logged here."))
    }

    // MARK: - Live intake

    @Test func dashboardPanelSaysWhereProvidersPushWhenNothingCameYet() {
        var m = Fixtures.model()
        _ = update(&m, .loaded(.intake([IntakeRow(integrationId: 1, provider: .linkedin, groupName: "Acme")])))
        let text = screen(m)
        #expect(text.contains("Live intake (i)"))
        #expect(ConsoleJourneyFlat.flat(text).contains("no statements received yet — providers push to http://127.0.0.1:8080/api/…"))
    }

    @Test func dashboardPanelShowsRatesOutcomesAndTokenFailures() {
        var m = Fixtures.model()
        _ = update(&m, .loaded(.intake(intakeRows)))
        let text = screen(m)
        #expect(text.contains("1 LinkedIn  just now  1.5/s  400 applied  12 quarantined  2 token failures"))
        #expect(Fixtures.model().listHeight > 0)
    }

    @Test func intakeScreenListsEachPushingIntegrationAndRefreshes() {
        var m = Fixtures.model()
        #expect(press(&m, .char("i")) == [.loadIntake])
        #expect(m.screen == .intake)
        _ = update(&m, .loaded(.intake(intakeRows)))
        let text = screen(m, 100, 30)
        #expect(text.contains("Public URL      http://127.0.0.1:8080"))
        #expect(text.contains("http://127.0.0.1:8080/api/linkedinlearning/stats"))
        #expect(text.contains("Int Provider  Group"))
        #expect(text.contains("  1 LinkedIn  Acme"))
        #expect(text.contains("just now"))
        #expect(text.contains("  1.5    412     400       12            2"))
        let refreshes = (0..<10).flatMap { _ in update(&m, .tick(Fixtures.now)) }
        #expect(refreshes == [.loadIntake])
    }

    // MARK: - 80×24

    @Test func everyDashboardKeyStaysInTheFooterAt80Columns() {
        let m = Fixtures.model()
        let lines = screen(m).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let footer = lines.suffix(2).joined(separator: " ")
        for key in ["? help", "q quit", "s sync", "a new", "c courses", "h history", "l stats", "x quarantine", "e events", "i intake"] {
            #expect(footer.contains(key), "\(key) in \(footer)")
        }
    }

    @Test func statisticsKeepALegibleCourseColumnAt80Columns() {
        var m = Fixtures.model()
        _ = press(&m, .char("l"))
        let rows = [StatRow(learner: "learner1@example.com", course: "Strategic Thinking", progress: 50, score: 80, timeSpentSeconds: 600,
                            completion: "in-progress", result: nil, lastActivity: Fixtures.now, attempts: 1)]
        _ = update(&m, .loaded(.stats(m.statsQuery, Page(offset: 0, rows: rows, total: 1))))
        let text = screen(m)
        #expect(text.contains(" Strategic Think… "), "\(text)")
        #expect(!text.contains("Str… "))
    }
}

/// Rows joined and spaces collapsed: a wrapped message reads as one.
enum ConsoleJourneyFlat {
    static func flat(_ screen: String) -> String {
        screen.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "│" }).joined(separator: " ")
    }
}
