import Foundation
import GRDB
import Testing

/// The real binary syncing from the real simulator process, as an administrator runs it.
@Suite(.serialized) struct SyncEndToEndTests {
    func integration(_ cli: CLI, _ sim: SimulatorProcess, provider: String, name: String) throws {
        try cli.run(["group", "add", "Acme"])
        try cli.run(["user", "add", "--email", "admin@acme.example"])
        try cli.run(["group", "member", "add", "1", "admin@acme.example", "--role", "group-admin"])
        let added = try cli.run(["integration", "add", provider, "--group", "1", "--author", "admin@acme.example"] + sim.addArguments(name))
        #expect(added.status == 0, "\(added.stderr)")
        let creds = try cli.run(["integration", "credentials", "1"], stdin: sim.credentials(name))
        #expect(creds.status == 0, "\(creds.stderr)")
    }

    @Test func syncTestConnectionAndHistory() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let sim = try SimulatorProcess(items: 300)
        defer { sim.stop() }
        try integration(cli, sim, provider: "edx", name: "edX")
        let test = try cli.run(["integration", "test", "1"])
        #expect(test.status == 0 && test.stdout.contains("Connected to edX"), "\(test.stdout)\(test.stderr)")

        let sync = try cli.run(["sync", "1", "--json"])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("\"phase\" : \"succeeded\""))
        let again = try cli.run(["sync", "1"])
        #expect(again.stdout.contains(" 0 created, 0 updated, 0 archived"), "\(again.stdout)")
        let runs = try cli.run(["runs", "--integration", "1"])
        #expect(runs.stdout.split(separator: "\n").count == 3, "header + two runs")
        #expect(runs.stdout.contains("succeeded"))

        try cli.run(["integration", "credentials", "1"], stdin: "client_id=nobody\nclient_secret=wrong-secret-123\n")
        let bad = try cli.run(["integration", "test", "1"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("edX refused the client id/secret"))
        #expect(!bad.stderr.contains("wrong-secret-123"))
    }

    @Test func aBrokenPageFailsTheRunAndArchivesNothing() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let sim = try SimulatorProcess(items: 250, faults: ["edx.malformed@2"])
        defer { sim.stop() }
        try integration(cli, sim, provider: "edx", name: "edX")
        let run = try cli.run(["sync", "1"])
        #expect(run.status != 0)
        #expect(run.stdout.contains("failed"), "\(run.stdout)")
        // The reason goes to stderr, like every error; said once.
        #expect(run.stderr.contains("Error: "), "\(run.stderr)")
        #expect(run.stderr.components(separatedBy: "nothing was archived").count == 2, "\(run.stderr)")
        #expect(!run.stdout.contains("nothing was archived"))
        #expect(try cli.run(["courses", "--status", "archived", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]")
    }

    @Test func killedMidSyncThenTheNextRunFinishesWithoutDuplicates() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let sim = try SimulatorProcess(items: 12_000, faults: ["slow:150"])
        defer { sim.stop() }
        try integration(cli, sim, provider: "skillsoft", name: "Skillsoft Percipio")

        let sync = Process()
        sync.executableURL = URL(fileURLWithPath: CLI.binary)
        sync.arguments = ["--db", cli.db, "sync", "1"]
        sync.standardOutput = FileHandle.nullDevice
        sync.standardError = FileHandle.nullDevice
        try sync.run()
        // Wait until some pages are written, then SIGKILL: no chance to clean up.
        let deadline = Date().addingTimeInterval(30)
        while try countCourses(cli.db) < 2000, Date() < deadline { usleep(50_000) }
        kill(sync.processIdentifier, SIGKILL)
        sync.waitUntilExit()
        let partial = try countCourses(cli.db)
        #expect(partial >= 2000 && partial < 12_000, "killed mid-run: \(partial) courses")

        let resumed = try cli.run(["sync", "1", "--json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let queue = try DatabaseQueue(path: cli.db)
        try queue.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) - COUNT(DISTINCT provider_id) FROM course") == 0, "no duplicate course")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM course WHERE status = 'archived'") == 0, "nothing archived")
            let outcomes = try String.fetchAll(db, sql: "SELECT outcome FROM sync_run ORDER BY id")
            #expect(outcomes == ["interrupted", "succeeded"])
        }
        let total = try countCourses(cli.db)
        #expect(resumed.stdout.contains("\"created\" : \(total - partial)"), "the second run created only what was missing")
    }

    private func countCourses(_ path: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        var config = Configuration()
        config.readonly = true
        let queue = try DatabasePool(path: path, configuration: config)
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM course") ?? 0 }
    }
}
