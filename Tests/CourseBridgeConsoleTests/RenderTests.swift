@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

@Suite("render: screens as text")
struct RenderTests {
    private func screen(_ m: ConsoleModel, _ w: Int = 80, _ h: Int = 24) -> String {
        var buf = ScreenBuffer(width: w, height: h)
        render(m, into: &buf)
        return buf.text
    }

    @Test func dashboardSnapshot() {
        let m = Fixtures.model()
        #expect(screen(m) == """
         CourseBridge › Dashboard
         2 integrations
         ID▲ Provider   Group        State       Last run         Next run      Courses
           1 LinkedIn   Acme 日本    active      ok 1h ago        in 5h10m      1200/35
           2 Skillsoft  Sales        deactivated never            —                0/80



        ┌─ Live intake (i) ────────────────────────────────────────────────────────────┐
        │ Providers push to http://127.0.0.1:8080/api/…                                │
        │ reading…                                                                     │
        └──────────────────────────────────────────────────────────────────────────────┘
        ┌─ 1 · LinkedIn Learning · Acme 日本 ──────────────────────────────────────────┐
        │ State       active   author admin@acme.example                               │
        │ Schedule    daily 08:10 Europe/Paris, next in 5h10m                          │
        │ Last run    #7 succeeded 1h ago: 120 created, 4 updated, 2 archived, 10 ign… │
        │ Courses     1200 active, 35 archived                                         │
        │ Statements  48 today · quarantine 3 (pushed by xAPI)                         │
        │                                                                              │
        │                                                                              │
        └──────────────────────────────────────────────────────────────────────────────┘

         ? help  q quit  / filter  Enter open  s sync  a new  c courses  h history
         l stats  x quarantine  e events  i intake  : command
        """)
    }

    @Test func syncScreenShowsLiveProgress() {
        var m = Fixtures.model()
        _ = press(&m, .char("s"))
        _ = update(&m, .progress(Fixtures.progress(.listing)))
        let text = screen(m)
        #expect(text.contains("READING CATALOG"))
        #expect(text.contains("50%"))
        #expect(text.contains("Created         300"))
        #expect(text.contains("50 items/s"))
        #expect(text.contains("Elapsed / ETA   10s / 10s"))
        #expect(text.contains("████████████████████████████████░░░░"))
    }

    @Test func belowMinimumSizeSaysSo() {
        let text = screen(Fixtures.model(), 36, 10)
        #expect(text.contains("Terminal too small: 36×10."))
        #expect(text.contains("needs at least 80×24"))
        var settings = Fixtures.model()
        press(&settings, .enter)
        #expect(screen(settings, 70, 20).contains("This screen needs at least 80×24."))
    }

    @Test func theDashboardStaysUsableDownTo40x12() {
        var m = Fixtures.model()
        press(&m, .down)
        let text = screen(m, 40, 12)
        #expect(!text.contains("Terminal too small"), "\(text)")
        #expect(text.contains("2 integrations · 40×12"), "\(text)")
        let rows = text.split(separator: "\n")
        #expect(rows.contains { $0.contains("1 LinkedIn") && $0.contains("active") }, "\(text)")
        #expect(rows.contains { $0.contains("2 Skillsoft") && $0.contains("deactivated") }, "\(text)")
        #expect(text.contains("q quit"), "the footer's keys stay: \(text)")
        var buf = ScreenBuffer(width: 40, height: 12)
        render(m, into: &buf)
        let selected = (0..<12).first { y in buf.line(y).contains("2 Skillsoft") }
        #expect(selected.map { buf[5, $0].style == .selected } == true, "the cursor row is shown selected")
    }

    @Test func wideCharactersTakeTwoCellsAndKeepColumnsAligned() {
        var buf = ScreenBuffer(width: 12, height: 2)
        buf.put("日本x", x: 0, y: 0)
        buf.put("abcdx", x: 0, y: 1)
        #expect(buf.line(0).firstIndex(of: "x").map { buf.line(0).distance(from: buf.line(0).startIndex, to: $0) } == 2)
        #expect(buf[4, 0].character == "x")
        #expect(buf[4, 1].character == "x")
        #expect(buf[1, 0].continuation)
        // Overwriting half of a wide character blanks the other half.
        buf.put("z", x: 1, y: 0)
        #expect(buf.line(0) == " z本x")
        #expect("日本語テキスト".fitted(to: 7) == "日本語…")
    }

    @Test func footerAndHelpComeFromTheKeyTable() {
        var m = Fixtures.model()
        _ = press(&m, .char("?"))
        let text = screen(m, 100, 30)
        for b in KeyTable.bindings(for: .dashboard) { #expect(text.contains(b.help), "help lists \(b.help)") }
        _ = press(&m, .char("x"))
        #expect(m.overlay == nil)
    }

    @Test func readOnlyHidesChangingKeysFromTheFooter() {
        let text = screen(Fixtures.model(readOnly: true), 100, 30)
        #expect(text.contains("READ-ONLY"))
        #expect(!text.contains("s sync now"))
        #expect(text.contains("c courses"))
    }

    @Test func confirmDialogShowsCancelFocused() {
        var m = Fixtures.model()
        _ = update(&m, .progress(Fixtures.progress(.listing)))
        _ = press(&m, .char("q"))
        var buf = ScreenBuffer(width: 80, height: 24)
        render(m, into: &buf)
        #expect(buf.text.contains("[ Cancel ]  [ Quit ]"))
        let row = (0..<24).first { buf.line($0).contains("[ Cancel ]") } ?? 0
        let col = Array(buf.line(row)).firstIndex(of: "[") ?? 0
        #expect(buf.runs(row: row).contains { $0.text.hasPrefix("[ Cancel ]") && $0.style == .selected } || col > 0)
        #expect(buf.runs(row: row).first { $0.text.contains("Cancel") }?.style == .selected)
    }

    @Test func webhookScreenBuildsEndpointURLsFromThePublicBase() {
        var m = ConsoleModel(now: Fixtures.now, publicBaseURL: "https://lms.example.com/")
        _ = update(&m, .loaded(.dashboard([Fixtures.linkedIn])))
        _ = press(&m, .enter, .down, .enter)
        _ = update(&m, .loaded(.webhook(1, WebhookInfo(clientId: "cb-linkedin-1", clientSecret: "TOPSECRET"))))
        var text = screen(m)
        #expect(text.contains("https://lms.example.com/api/linkedinlearning/oauth2/token"))
        #expect(text.contains("https://lms.example.com/api/linkedinlearning/stats"))
        #expect(!text.contains("TOPSECRET"))
        _ = press(&m, .char("v"))
        text = screen(m)
        #expect(text.contains("TOPSECRET"))
        #expect(text.contains("actor.mbox"))
    }

    @Test func quarantineShowsTheSelectedStatementsReasonInFull() {
        var m = Fixtures.model()
        _ = update(&m, .resize(width: 80, height: 24))
        _ = press(&m, .char("x"))
        let reason = "no user has the email 'learner0@example.com': add the user (coursebridge user add), then replay the statement"
        let row = QuarantineRow(integrationId: 1, statementId: "5f0c1d2e-0000-4000-8000-000000000001", receivedAt: Fixtures.now,
                                reason: reason, actor: "learner0@example.com", object: "urn:lyndaCourse:252")
        _ = update(&m, .loaded(.quarantine(Page(offset: 0, rows: [row], total: 1))))
        let text = screen(m)
        #expect(text.contains("1 statement kept in quarantine"))
        // The table cuts the reason; the panel below holds all of it, wrapped.
        let flat = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(flat.contains("Reason " + reason), "\(text)")
        #expect(text.contains("Object      urn:lyndaCourse:252"), "\(text)")
    }

    @Test func statisticsOf100000RowsRenderOnlyTheVisiblePageQuickly() {
        var m = Fixtures.model()
        _ = update(&m, .resize(width: 120, height: 40))
        _ = press(&m, .char("l"))
        let rows = (0..<120).map { i in
            StatRow(learner: "learner\(i)@example.com", course: "Course \(i)", progress: 50, score: 80, timeSpentSeconds: 600,
                    completion: "in-progress", result: nil, lastActivity: Fixtures.now, attempts: 1)
        }
        _ = update(&m, .loaded(.stats(StatsQuery(offset: 0, limit: 120), Page(offset: 0, rows: rows, total: 100_000))))
        var buf = ScreenBuffer(width: 120, height: 40)
        let clock = ContinuousClock()
        let elapsed = clock.measure { for _ in 0..<20 { render(m, into: &buf) } }
        #expect(buf.text.contains("learner0@example.com"))
        #expect(buf.text.contains("1/100000"))
        #expect(elapsed / 20 < .milliseconds(50), "a frame took \(elapsed / 20)")
    }
}
