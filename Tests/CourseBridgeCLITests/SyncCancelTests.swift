import Foundation
import GRDB
import Testing

/// Issue 17, finding 11 of the review: a cancelled sync said "Error: cancelled" and exited 1, like a failure.
@Suite(.serialized) struct SyncCancelTests {
    @Test func ctrlCCancelsWithExit130AndSaysWhatWasRead() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let sim = try SimulatorProcess(items: 12_000, faults: ["slow:150"])
        defer { sim.stop() }
        try cli.run(["group", "add", "Acme"])
        try cli.run(["user", "add", "--email", "admin@acme.example"])
        try cli.run(["group", "member", "add", "1", "admin@acme.example", "--role", "group-admin"])
        #expect(try cli.run(["integration", "add", "skillsoft", "--group", "1", "--author", "admin@acme.example"]
            + sim.addArguments("Skillsoft Percipio")).status == 0)
        #expect(try cli.run(["integration", "credentials", "1"], stdin: sim.credentials("Skillsoft Percipio")).status == 0)

        let sync = Process()
        sync.executableURL = URL(fileURLWithPath: CLI.binary)
        sync.arguments = ["--db", cli.db, "sync", "1"]
        let out = Pipe(), err = Pipe()
        sync.standardOutput = out
        sync.standardError = err
        try sync.run()
        let deadline = Date().addingTimeInterval(30)
        while try countCourses(cli.db) < 500, Date() < deadline { usleep(50_000) }
        kill(sync.processIdentifier, SIGINT)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        sync.waitUntilExit()

        #expect(sync.terminationStatus == 130, "\(stderr)")
        #expect(stderr.range(of: #"cancelled: [0-9]+ pages? read \([0-9]+ items?\), nothing archived"#, options: .regularExpression) != nil, "\(stderr)")
        #expect(!stderr.contains("Error:"), "a cancellation is not an error: \(stderr)")
        #expect(stdout.contains("cancelled"), "\(stdout)")
        let runs = try cli.run(["runs", "--integration", "1"]).stdout
        #expect(runs.contains("cancelled"), "\(runs)")
    }

    private func countCourses(_ path: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        var config = Configuration()
        config.readonly = true
        let queue = try DatabasePool(path: path, configuration: config)
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM course") ?? 0 }
    }
}
