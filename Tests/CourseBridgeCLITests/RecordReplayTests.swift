import Foundation
import GRDB
import Testing

/// `sync ID --record DIR` then `simulate --replay DIR`: the same run, offline, with nothing secret in DIR.
@Suite(.serialized) struct RecordReplayTests {
    /// A Coursera integration (catalog and pulled statistics) on `endpoints`, with learners so attempts land.
    func setUp(_ cli: CLI, endpoints: [String], credentials: String, learners: [String]) throws {
        try cli.run(["group", "add", "Acme"])
        try cli.run(["user", "add", "--email", "admin@acme.example"])
        try cli.run(["group", "member", "add", "1", "admin@acme.example", "--role", "group-admin"])
        for learner in learners {
            let added = try cli.run(["user", "add", "--email", learner])
            #expect(added.status == 0, "\(added.stderr)")
        }
        let added = try cli.run(["integration", "add", "coursera", "--group", "1", "--author", "admin@acme.example"] + endpoints)
        #expect(added.status == 0, "\(added.stderr)")
        let creds = try cli.run(["integration", "credentials", "1"], stdin: credentials)
        #expect(creds.status == 0, "\(creds.stderr)")
    }

    /// The run's counts line (`… created, … unchanged; N items in M pages`), without its duration.
    func counts(_ summary: String) -> String {
        summary.split(separator: "\n").first.map { String($0.split(separator: ";").first ?? "") }?
            .replacingOccurrences(of: #"run \d+ "#, with: "", options: .regularExpression) ?? ""
    }

    /// Every attempt as (course id at the provider, progress, status, completion time), learner left out.
    func attempts(_ db: String) throws -> [String] {
        let queue = try DatabaseQueue(path: db)
        return try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT c.provider_id || ' ' || a.progress || ' ' || a.completion_status || ' ' || ifnull(a.completed_at, '-')
                FROM attempt a JOIN course c ON c.id = a.course_id ORDER BY 1
                """)
        }
    }

    @Test func aRecordedRunReplaysToTheSameCountsAndAttemptsAndHoldsNoSecret() throws {
        let original = CLI(), replayed = CLI()
        defer { original.cleanUp(); replayed.cleanUp() }
        let sim = try SimulatorProcess(items: 300)
        defer { sim.stop() }
        let learners = (0..<15).map { "learner\($0)@example.com" }
        let credentials = sim.credentials("Coursera")
        try setUp(original, endpoints: sim.addArguments("Coursera"), credentials: credentials, learners: learners)

        let folder = original.directory + "/recording"
        let recorded = try original.run(["sync", "1", "--record", folder])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stderr.contains("recorded "), "\(recorded.stderr)")
        let recordedAttempts = try attempts(original.db)
        #expect(!recordedAttempts.isEmpty, "the simulator's learners have Coursera activity")

        // Nothing of the run's secrets, client id or learners' addresses reaches the folder.
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files.contains("manifest.json") && files.count > 2)
        let everything = try files.map { try String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }.joined()
        let secretValues = credentials.split(separator: "\n").compactMap { line -> String? in
            let pair = line.split(separator: "=", maxSplits: 1).map(String.init)
            return pair.count == 2 && ["client_id", "client_secret"].contains(pair[0]) ? pair[1] : nil
        }
        #expect(secretValues.count == 2)
        for value in secretValues + learners + ["admin@acme.example", "access_token\": \"ey"] {
            #expect(!everything.contains(value), "\(value) reached the recording")
        }
        #expect(!everything.lowercased().contains("authorization"))

        let again = try original.run(["sync", "1", "--record", folder])
        #expect(again.status != 0 && again.stderr.contains("already holds files"), "\(again.stderr)")

        // Replayed into a fresh database whose learners carry the recording's pseudonyms.
        let replay = try SimulatorProcess(replaying: folder)
        defer { replay.stop() }
        #expect(!replay.learners.isEmpty && replay.learners.allSatisfy { $0.hasSuffix("@example.invalid") }, "\(replay.output)")
        try setUp(replayed, endpoints: replay.endpoints, credentials: replay.replayCredentials, learners: replay.learners)
        let rerun = try replayed.run(["sync", "1"])
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        #expect(counts(rerun.stdout) == counts(recorded.stdout), "\(rerun.stdout) vs \(recorded.stdout)")
        #expect(try attempts(replayed.db) == recordedAttempts)
    }

    @Test func replayRefusesAFolderThatIsNotARecording() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["simulate", "--port", "0", "--replay", cli.directory])
        #expect(result.status != 0)
        #expect(result.stderr.contains("has no manifest.json"), "\(result.stderr)")
    }
}

/// What `simulate --replay DIR` prints beyond the simulator's own lines.
extension SimulatorProcess {
    private var lines: [String] { output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) } }

    var endpoints: [String] {
        lines.first { $0.hasPrefix("--api-base") }.map { $0.split(separator: " ").map(String.init) } ?? []
    }

    var replayCredentials: String {
        lines.filter { $0.contains("=") && !$0.hasPrefix("--") && !$0.hasPrefix("learners") }.joined(separator: "\n") + "\n"
    }

    var learners: [String] {
        guard let line = lines.first(where: { $0.hasPrefix("learners named in the recording:") }) else { return [] }
        return line.dropFirst("learners named in the recording:".count).split(separator: " ").map(String.init)
    }
}
