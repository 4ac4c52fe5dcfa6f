import CourseBridgeCore
import Foundation
import ProviderSimulator
import Testing

/// Issue 17's review findings in the real console in tmux: the wiring of what the reducer tests check.
@Suite("console review journeys in tmux", .serialized, .enabled(if: TmuxSession.available))
struct ConsoleReviewJourneyTests {
    private func console(_ cli: CLI) throws -> TmuxSession {
        try TmuxSession(command: "env LANG=C.UTF-8 \(CLI.binary) --db \(cli.db) console --log \(cli.directory)/console.log",
                        width: 120, height: 36)
    }

    /// The screen with rows joined and runs of spaces collapsed: a wrapped message reads as one.
    private func flat(_ tmux: TmuxSession) -> String {
        tmux.screen().split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    private func activeCourses(_ cli: CLI, status: String = "active") throws -> Int {
        let list = try cli.run(["courses", "--integration", "1", "--status", status, "--json", "--limit", "100000"]).stdout
        return (try? JSONSerialization.jsonObject(with: Data(list.utf8)) as? [Any])?.count ?? -1
    }

    /// Coursera integration 1 pointed at `sim`, with its credentials. Coursera's course ids depend on the simulator's
    /// seed (edX's do not), and it archives what its catalog stops listing (Skillsoft keeps such items active).
    private func pointCoursera(_ cli: CLI, at sim: SimulatorServer) throws {
        var endpoints = ["integration", "endpoints", "1", "--api-base", sim.apiBase(for: .coursera)]
        if let token = sim.tokenURL(for: .coursera) { endpoints += ["--token-url", token] }
        let pointed = try cli.run(endpoints)
        #expect(pointed.status == 0, "\(pointed.stderr)")
        let lines = sim.credentialValues(for: .coursera).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "\n") + "\n"
        let creds = try cli.run(["integration", "credentials", "1"], stdin: lines)
        #expect(creds.status == 0, "\(creds.stderr)")
    }

    // MARK: - Finding 1: the held mass archive shows one number

    @Test func aHeldMassArchiveShowsTheSameCountInTheBodyTheStatusLineAndTheDialog() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let first = try await SimulatorServer.start(options: SimulatorOptions(items: 200, seed: 7))
        defer { Task { await first.stop() } }
        try cli.run(["group", "add", "Acme"])
        try cli.run(["user", "add", "--email", "admin@acme.example", "--username", "admin"])
        try cli.run(["group", "member", "add", "1", "admin@acme.example", "--role", "editor"])
        #expect(try cli.run(["integration", "add", "coursera", "--group", "1", "--author", "admin@acme.example"]).status == 0)
        try pointCoursera(cli, at: first)
        #expect(try cli.run(["sync", "1"]).status == 0)
        let before = try activeCourses(cli)
        #expect(before > 0)

        // The provider now answers with another catalog: none of the synced courses is listed any more.
        let other = try await SimulatorServer.start(options: SimulatorOptions(items: 200, seed: 8, credentials: .generated(seed: 7)))
        defer { Task { await other.stop() } }
        try pointCoursera(cli, at: other)

        let tmux = try console(cli)
        defer { tmux.kill() }
        #expect(tmux.waitFor("\(before)/0"), "\(tmux.screen())")
        tmux.send("s")
        #expect(tmux.waitFor("HELD", timeout: 30), "\(tmux.screen())")
        let body = flat(tmux)
        guard let match = body.range(of: #"would archive [0-9]+ of [0-9]+ active courses \([0-9]+%\)"#, options: .regularExpression) else {
            Issue.record("no count in the body:\n\(tmux.screen())")
            return
        }
        let share = String(body[match])
        let count = Int(share.split(separator: " ")[2]) ?? -1
        #expect(count > 0 && share.hasSuffix("of \(before) active courses (\(Int((Double(count) * 100 / Double(before)).rounded()))%)"), "\(share)")
        #expect(body.contains("held: \(count) courses would be archived"), "the status line and the Archived row: \(body)")

        tmux.send("A")
        #expect(tmux.waitFor("Archive \(count) courses?"), "\(tmux.screen())")
        #expect(tmux.screen().contains("The last run \(share),"), "\(tmux.screen())")
        #expect(tmux.screen().contains("more than the 20% the guard allows."), "\(tmux.screen())")
        #expect(tmux.screen().contains("[ Cancel ]  [ Sync and archive ]"))
        tmux.send("Right")
        tmux.send("Enter")
        #expect(tmux.waitFor("DONE", timeout: 30), "\(tmux.screen())")
        #expect(try activeCourses(cli, status: "archived") == count, "confirming archived exactly the number shown")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }

    // MARK: - Findings 2 and 4: a deactivated integration, an id that does not exist

    @Test func aDeactivatedIntegrationStaysVisibleSaysWhySyncWaitsAndCanBeActivated() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        #expect(try cli.run(["integration", "deactivate", "1", "--yes"]).status == 0)

        let tmux = try console(cli)
        defer { tmux.kill() }
        #expect(tmux.waitFor("LinkedIn"), "\(tmux.screen())")
        #expect(tmux.screen().split(separator: "\n").first { $0.contains("LinkedIn") }?.contains("deactivated") == true, "\(tmux.screen())")

        // s: a message, no sync screen waiting for a run.
        tmux.send("s")
        #expect(tmux.waitFor("Integration 1 is deactivated: synchronization is stopped."), "\(tmux.screen())")
        #expect(!tmux.screen().contains("starting…"))
        #expect(!tmux.screen().contains("Sync of"), "still on the dashboard")

        // :sync 99 names no integration: an error, not a screen that spins.
        tmux.send(":")
        tmux.type("sync 99")
        tmux.send("Enter")
        #expect(tmux.waitFor("There is no integration 99; the dashboard lists integration 1."), "\(tmux.screen())")
        usleep(1_000_000)
        #expect(!tmux.screen().contains("starting…"), "\(tmux.screen())")

        // Its settings offer activation first; Enter activates.
        tmux.send("Enter")
        #expect(tmux.waitFor("Activate integration"), "\(tmux.screen())")
        #expect(flat(tmux).contains("the next sync restores the archived courses the provider still lists"), "\(tmux.screen())")
        tmux.send("Enter")
        #expect(tmux.waitFor("Integration 1 activated"), "\(tmux.screen())")
        #expect(tmux.waitFor("Deactivate integration"), "the settings of an active integration again: \(tmux.screen())")
        let show = try cli.run(["integration", "show", "1"]).stdout
        #expect(!show.contains("(deactivated)"), "\(show)")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen())")
    }
}
