import Foundation
import Testing

/// `sync ID` does what the schedule would (changes only when allowed), `sync ID --full` reads everything, `runs`
/// says which each run was, and the full-listing interval is set and shown like the other schedule settings (issue 18).
@Suite(.serialized) struct IncrementalSyncCLITests {
    @Test func syncRunsAndScheduleShowTheListingKind() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let sim = try SimulatorProcess(items: 150)
        defer { sim.stop() }
        try cli.run(["user", "add", "--email", "admin@acme.example"])
        try cli.run(["group", "add", "Acme"])
        try cli.run(["group", "member", "add", "1", "admin@acme.example", "--role", "group-admin"])
        let added = try cli.run(["integration", "add", "linkedin", "--group", "1", "--author", "admin@acme.example"]
                                + sim.addArguments("LinkedIn Learning"))
        #expect(added.status == 0, "\(added.stderr)")
        try cli.run(["integration", "credentials", "1"], stdin: sim.credentials("LinkedIn Learning"))

        let every = try cli.run(["integration", "schedule", "1", "--full-every", "3"])
        #expect(every.status == 0, "\(every.stderr)")
        #expect(every.stdout.contains("every 3 days"), "\(every.stdout)")
        #expect(try cli.run(["integration", "show", "1"]).stdout.contains("full listing:    every 3 days; only changes in between"))
        #expect(try cli.run(["integration", "show", "1", "--json"]).stdout.contains("\"fullListingEveryDays\" : 3"))
        #expect(try cli.run(["integration", "schedule", "1", "--full-every", "0"]).status != 0, "a zero interval is refused")

        let first = try cli.run(["sync", "1"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("(full (first run) listing)"), "\(first.stdout)")
        let daily = try cli.run(["sync", "1"])
        #expect(daily.stdout.contains("(incremental listing)"), "\(daily.stdout)")
        let forced = try cli.run(["sync", "1", "--full"])
        #expect(forced.stdout.contains("(full (forced) listing)"), "\(forced.stdout)")

        let runs = try cli.run(["runs"])
        #expect(runs.stdout.contains("LISTING"), "\(runs.stdout)")
        let rows = runs.stdout.split(separator: "\n").filter { $0.range(of: #"^\d+ "#, options: .regularExpression) != nil }
        #expect(rows.count == 3)
        #expect(rows[0].contains("full (forced)") && rows[1].contains("incremental") && rows[2].contains("full (first run)"), "\(runs.stdout)")
        let json = try cli.run(["runs", "--json"]).stdout
        #expect(json.contains("\"listing\" : \"full:forced\"") && json.contains("\"listing\" : \"incremental\""), "\(json)")
    }
}
