import Foundation
import Testing

/// The demo pushes statements to its own server once the first syncs end: they must show on the dashboard's
/// live intake panel and the intake screen, and the syncs in the event log.
@Suite("console journeys: live intake and event log", .serialized, .enabled(if: TmuxSession.available))
struct IntakeJourneyTests {
    @Test func theDemosPushShowsInTheIntakePanelAndTheSyncsInTheEventLog() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let tmux = try TmuxSession(command: "env LANG=C.UTF-8 \(CLI.binary) --db \(cli.db) demo --items 200 --push-every 600",
                                   width: 100, height: 30)
        defer { tmux.kill() }
        #expect(tmux.waitFor("4 integrations", timeout: 20), "\(tmux.screen())")
        #expect(tmux.waitFor("Live intake (i)"), "\(tmux.screen())")
        // Round 0 is pushed as soon as the first syncs end; the panel rereads the database every two seconds.
        #expect(tmux.waitFor(" quarantined", timeout: 45), "\(tmux.screen())")
        let panel = tmux.screen().split(separator: "\n").first { $0.contains(" quarantined") && $0.contains("/s") }.map(String.init) ?? ""
        #expect(panel.range(of: "(LinkedIn|Skillsoft) +(just now|[0-9]+m ago) +[0-9.]+/s  [0-9]+ applied  [0-9]+ quarantined", options: .regularExpression) != nil, "\(panel)")

        tmux.send("i")
        #expect(tmux.waitFor("Public URL"), "\(tmux.screen())")
        #expect(tmux.screen().contains("/api/linkedinlearning/stats"))
        #expect(tmux.screen().contains("Int Provider"))
        tmux.send("Escape")

        tmux.send("e")
        #expect(tmux.waitFor("Time (UTC)"), "\(tmux.screen())")
        #expect(tmux.waitFor("sync-ended"), "\(tmux.screen())")
        #expect(tmux.screen().contains("sync-started"))
        // t narrows to one kind.
        tmux.send("t")
        #expect(tmux.waitFor("kind sync-started"), "\(tmux.screen())")
        #expect(!tmux.screen().contains("sync-ended "))
        tmux.send("q")
        if tmux.waitFor("Quit while a sync runs?", timeout: 1) { tmux.send("y") }
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }
}
