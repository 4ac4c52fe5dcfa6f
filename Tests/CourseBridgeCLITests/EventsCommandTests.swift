import Foundation
import Testing

/// `coursebridge events`: the event log as an administrator reads it after syncs (issue 17).
@Suite(.serialized) struct EventsCommandTests {
    @Test func syncsAreLoggedAndFilterable() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let sim = try SimulatorProcess(items: 120)
        defer { sim.stop() }
        #expect(try cli.run(["events"]).stdout.contains("no events yet"))
        try cli.run(["group", "add", "Acme"])
        try cli.run(["user", "add", "--email", "admin@acme.example"])
        try cli.run(["group", "member", "add", "1", "admin@acme.example", "--role", "group-admin"])
        try cli.run(["integration", "add", "edx", "--group", "1", "--author", "admin@acme.example"] + sim.addArguments("edX"))
        try cli.run(["integration", "credentials", "1"], stdin: sim.credentials("edX"))
        #expect(try cli.run(["sync", "1"]).status == 0)
        try cli.run(["integration", "credentials", "1"], stdin: "client_id=nobody\nclient_secret=wrong-secret-456\n")
        #expect(try cli.run(["sync", "1"]).status != 0)

        let events = try cli.run(["events"])
        #expect(events.status == 0, "\(events.stderr)")
        let lines = events.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "header + 4 events:\n\(events.stdout)")
        #expect(lines[1].contains("sync-ended (error)") && lines[1].contains("edX sync #2 failed"), "newest first:\n\(events.stdout)")
        #expect(lines[3].contains("edX sync #1 done:") && lines[3].contains("created"), "\(events.stdout)")
        #expect(lines[4].contains("sync-started") && lines[4].contains("edX sync #1 started by hand"), "\(events.stdout)")
        #expect(!events.stdout.contains("wrong-secret-456"))

        let failed = try cli.run(["events", "--kind", "sync-ended", "--search", "FAILED", "--json"])
        #expect(failed.stdout.components(separatedBy: "\"kind\" : \"sync-ended\"").count == 2, "\(failed.stdout)")
        let typo = try cli.run(["events", "--kind", "syncs"])
        #expect(typo.status != 0 && typo.stderr.contains("unknown event kind 'syncs'"), "\(typo.stderr)")
    }
}
