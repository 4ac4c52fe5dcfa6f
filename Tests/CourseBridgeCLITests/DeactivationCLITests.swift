import CourseBridgeCore
import Foundation
import Testing

/// Issue 17, finding 2, on the command line: `integration deactivate` says how many courses it archives and asks
/// (or needs --yes); `integration activate` undoes it and the next sync restores the courses.
@Suite(.serialized) struct DeactivationCLITests {
    /// edX integration 1 on group "Acme", synced once from the simulator: 300 active courses.
    private func syncedEdX(_ cli: CLI, _ sim: SimulatorProcess) throws -> Int {
        try cli.run(["group", "add", "Acme"])
        try cli.run(["user", "add", "--email", "admin@acme.example"])
        try cli.run(["group", "member", "add", "1", "admin@acme.example", "--role", "group-admin"])
        let added = try cli.run(["integration", "add", "edx", "--group", "1", "--author", "admin@acme.example"] + sim.addArguments("edX"))
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try cli.run(["integration", "credentials", "1"], stdin: sim.credentials("edX")).status == 0)
        let sync = try cli.run(["sync", "1"])
        #expect(sync.status == 0, "\(sync.stderr)")
        return try activeCourses(cli)
    }

    private func activeCourses(_ cli: CLI) throws -> Int {
        let list = try cli.run(["courses", "--integration", "1", "--status", "active", "--json", "--limit", "100000"]).stdout
        return (try? JSONSerialization.jsonObject(with: Data(list.utf8)) as? [Any])?.count ?? -1
    }

    @Test func withoutATerminalItRefusesUnlessYesAndDryRunCounts() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let sim = try SimulatorProcess(items: 300)
        defer { sim.stop() }
        let active = try syncedEdX(cli, sim)
        #expect(active > 0)

        let refused = try cli.run(["integration", "deactivate", "1"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("deactivating integration 1 (edX · Acme) archives \(active) active courses at once: pass --yes to confirm"),
                "\(refused.stderr)")
        #expect(try activeCourses(cli) == active, "nothing was archived")

        let dry = try cli.run(["integration", "deactivate", "1", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("dry run: deactivating integration 1 (edX · Acme) would archive \(active) active courses; nothing was changed"),
                "\(dry.stdout)")
        #expect(try activeCourses(cli) == active)

        let done = try cli.run(["integration", "deactivate", "1", "--yes"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("integration 1 deactivated: \(Plural.count(active, "course")) archived, learner data kept; undo with: coursebridge integration activate 1"))
        #expect(try activeCourses(cli) == 0)
        let again = try cli.run(["integration", "deactivate", "1", "--yes"])
        #expect(again.stderr.contains("is already deactivated; activate it with: coursebridge integration activate 1"), "\(again.stderr)")
        let sync = try cli.run(["sync", "1"])
        #expect(sync.status != 0 && sync.stderr.contains("activate it with: coursebridge integration activate 1"), "\(sync.stderr)")

        // Undo: activation, then the next sync brings every course back.
        let activated = try cli.run(["integration", "activate", "1"])
        #expect(activated.status == 0, "\(activated.stderr)")
        #expect(activated.stdout.contains("integration 1 activated: synchronization resumes"), "\(activated.stdout)")
        #expect(activated.stdout.contains("run it now with: coursebridge sync 1"))
        let resumed = try cli.run(["sync", "1"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try activeCourses(cli) == active, "the next sync restored the courses")
        #expect(try cli.run(["integration", "activate", "1"]).stderr.contains("is already active"))
    }

    /// On a terminal it asks, with the count; anything but yes keeps everything.
    @Test(.enabled(if: TmuxSession.available)) func onATerminalItAsksWithTheCount() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let sim = try SimulatorProcess(items: 300)
        defer { sim.stop() }
        let active = try syncedEdX(cli, sim)

        let no = try TmuxSession(command: "\(CLI.binary) --db \(cli.db) integration deactivate 1", width: 160, height: 20)
        defer { no.kill() }
        #expect(no.waitFor("Type yes to confirm [no]:"), "\(no.screen())")
        #expect(no.screen().contains("Deactivate integration 1 (edX · Acme)? Synchronization stops and its \(active) active courses are archived; learner data is kept."),
                "\(no.screen())")
        no.type("n")
        no.send("Enter")
        #expect(no.waitFor("integration 1 not deactivated: nothing was changed"), "\(no.screen())")
        #expect(no.waitFor("EXIT=1"))
        #expect(try activeCourses(cli) == active)

        let yes = try TmuxSession(command: "\(CLI.binary) --db \(cli.db) integration deactivate 1", width: 160, height: 20)
        defer { yes.kill() }
        #expect(yes.waitFor("Type yes to confirm [no]:"), "\(yes.screen())")
        yes.type("yes")
        yes.send("Enter")
        #expect(yes.waitFor("integration 1 deactivated: \(Plural.count(active, "course")) archived"), "\(yes.screen())")
        #expect(yes.waitFor("EXIT=0"))
        #expect(try activeCourses(cli) == 0)
    }
}
