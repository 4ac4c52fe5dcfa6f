import Foundation
import ProviderSimulator
import Testing

/// Statements pushed the way LinkedIn Learning and Percipio push them, into the real
/// `coursebridge serve`, and read back with `coursebridge stats`.
@Suite(.serialized, .timeLimit(.minutes(2))) struct PushEndToEndTests {
    static let items = 80
    /// `coursebridge simulate`'s default seed: the catalog the integration synced from.
    static let seed: UInt64 = 42

    // MARK: - Set-up

    /// A synced integration of `provider` with learners 0…2 and its webhook credentials.
    func integration(_ cli: CLI, provider: String, name: String) throws -> (clientId: String, secret: String) {
        let sim = try SimulatorProcess(items: Self.items)
        defer { sim.stop() }
        try cli.run(["group", "add", "Acme"])
        try cli.run(["user", "add", "--email", "admin@acme.example"])
        try cli.run(["group", "member", "add", "1", "admin@acme.example", "--role", "group-admin"])
        let added = try cli.run(["integration", "add", provider, "--group", "1", "--author", "admin@acme.example"] + sim.addArguments(name))
        try #require(added.status == 0, "\(added.stderr)")
        try cli.run(["integration", "credentials", "1"], stdin: sim.credentials(name))
        let sync = try cli.run(["sync", "1"])
        try #require(sync.status == 0, "\(sync.stdout)\(sync.stderr)")
        for n in 0..<3 {
            let user = try cli.run(["user", "add", "--email", "learner\(n)@example.com", "--username", "learner\(n)",
                                    "--external-id", "EMP-\(1000 + n)"])
            try #require(user.status == 0, "\(user.stderr)")
        }
        let webhook = try cli.run(["integration", "webhook", "1"])
        try #require(webhook.status == 0, "\(webhook.stderr)")
        func value(_ label: String) -> String? {
            webhook.stdout.split(separator: "\n").first { $0.hasPrefix(label) }
                .map { $0.dropFirst(label.count).trimmingCharacters(in: .whitespaces) }
        }
        return (try #require(value("client id:")), try #require(value("client secret:")))
    }

    func stats(_ cli: CLI) throws -> [[String: Any]] {
        let out = try cli.run(["stats", "--format", "json"])
        try #require(out.status == 0, "\(out.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]])
    }

    /// Attempts of one learner on one course (by the catalog's provider id).
    func attempts(_ reports: [[String: Any]], learner: Int, course: String) -> [[String: Any]] {
        reports.filter { ($0["userEmail"] as? String)?.lowercased() == "learner\(learner)@example.com" && $0["providerId"] as? String == course }
            .compactMap { $0["attempt"] as? [String: Any] }
    }

    func generator(_ provider: PushProvider, learners: Int = 3) -> StatementGenerator {
        StatementGenerator(catalog: SimulatedCatalog(seed: Self.seed, items: Self.items),
                           options: .init(provider: provider, learners: learners, quirks: true, start: Date(), roundSeconds: 1))
    }

    // MARK: - LinkedIn

    @Test func linkedInProgressAndCompletionsShowInStats() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let creds = try integration(cli, provider: "linkedin", name: "LinkedIn Learning")
        let server = try ServeProcess(cli)
        defer { server.stop() }

        let statements = generator(.linkedin).batches(8)
        let pusher = StatementPusher(target: PushTarget(baseURL: server.baseURL, provider: .linkedin,
                                                        clientId: creds.clientId, clientSecret: creds.secret), batchSize: 5)
        for batch in statements {
            let report = try pusher.push(batch)
            #expect(report.accepted == batch.count && report.rejected == 0, "\(report.summary)")
        }

        let reports = try stats(cli)
        let journeys = Dictionary(grouping: statements.joined()) { "\($0.learner) \($0.courseProviderId)" }
        #expect(reports.count == journeys.count, "one attempt per learner and course")
        var completions = 0
        for (_, journey) in journeys {
            let first = journey[0]
            let found = attempts(reports, learner: first.learner, course: first.courseProviderId)
            try #require(found.count == 1, "learner\(first.learner) on \(first.courseProviderId)")
            let progress = try #require(journey.compactMap(\.progress).max())
            #expect(found[0]["progressPercent"] as? Double == Double(progress))
            let completed = journey.contains { $0.verb == "completed" }
            #expect((found[0]["completionStatus"] as? String == "completed") == completed, "\(found[0])")
            if completed { completions += 1 }
        }
        #expect(completions > 0, "some learner completes a course in 8 rounds")

        // The same statements again: idempotent, nothing changes.
        let again = try pusher.push(Array(statements.joined()))
        #expect(again.accepted == again.sent && again.tokenRequests == 0)
        #expect(try stats(cli).count == reports.count)
    }

    // MARK: - Skillsoft

    @Test func skillsoftStartsCompletionsScoresAndRestartsShowInStats() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let creds = try integration(cli, provider: "skillsoft", name: "Skillsoft Percipio")
        let server = try ServeProcess(cli)
        defer { server.stop() }

        let statements = Array(generator(.skillsoft).batches(10).joined())
        let pusher = StatementPusher(target: PushTarget(baseURL: server.baseURL, provider: .skillsoft,
                                                        clientId: creds.clientId, clientSecret: creds.secret), batchSize: 1)
        let report = try pusher.push(statements)
        #expect(report.accepted == statements.count && report.rejected == 0, "\(report.summary)")

        let reports = try stats(cli)
        for (_, journey) in Dictionary(grouping: statements, by: { "\($0.learner) \($0.courseProviderId)" }) {
            let first = journey[0]
            let found = attempts(reports, learner: first.learner, course: first.courseProviderId)
            let completions = journey.filter(\.isCompletion)
            let restarted = completions.first.map { done in journey.contains { $0.verb == "arrived" && $0.timestamp > done.timestamp } } ?? false
            #expect(found.count == (restarted ? 2 : 1), "a restart after a completion is a new attempt: \(journey.map(\.verb))")
            if let done = completions.first {
                #expect(found.contains { $0["completionStatus"] as? String == "completed" && $0["progressPercent"] as? Double == 100 })
                // The latest score shows on every attempt that existed when it arrived. (A restart opened
                // after it starts without one: see the report to the lead.)
                if let score = completions.last?.scorePercent {
                    let scored = found.filter { $0["completionStatus"] as? String == "completed" }
                    #expect(scored.allSatisfy { abs(($0["scorePercent"] as? Double ?? -1) - Double(score)) < 0.01 },
                            "latest score \(score): \(found)")
                }
                #expect(done.isCompletion)
            } else {
                #expect(found.first?["progressPercent"] as? Double == 50, "Started → 50%")
            }
        }
    }

    // MARK: - coursebridge simulate --push-to

    @Test func simulatePushToPushesOnceAndPrintsCounts() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let creds = try integration(cli, provider: "linkedin", name: "LinkedIn Learning")
        let server = try ServeProcess(cli)
        defer { server.stop() }
        let secretFile = cli.directory + "/webhook-secret"
        try (creds.secret + "\n").write(toFile: secretFile, atomically: true, encoding: .utf8)

        let simulate = try ChildProcess(["simulate", "--port", "0", "--items", "\(Self.items)", "--push-to", server.baseURL,
                                         "--push-provider", "linkedin", "--push-client-id", creds.clientId,
                                         "--push-secret-file", secretFile, "--push-every", "0", "--push-learners", "3",
                                         "--push-quirks"])
        defer { simulate.stop() }
        let output = simulate.waitFor("push 1", timeout: 30)
        #expect(output.contains("push 1: "), "\(output)")
        #expect(output.contains("0 rejected"), "\(output)")
        #expect(!output.contains(creds.secret))
        let sent = output.split(separator: "\n").first { $0.hasPrefix("push 1: ") }
            .flatMap { Int($0.dropFirst("push 1: ".count).prefix { $0.isNumber }) } ?? 0
        #expect(sent == generator(.linkedin).batch(0).count && sent > 0)
        #expect(try stats(cli).count == 3, "round 0 starts one course per learner")
    }

    @Test func simulatePushToWithAWrongSecretSaysWhyWithoutTheSecret() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let creds = try integration(cli, provider: "linkedin", name: "LinkedIn Learning")
        let server = try ServeProcess(cli)
        defer { server.stop() }
        let secretFile = cli.directory + "/wrong-secret"
        try "not-the-secret-4711".write(toFile: secretFile, atomically: true, encoding: .utf8)
        let simulate = try ChildProcess(["simulate", "--port", "0", "--items", "\(Self.items)", "--push-to", server.baseURL,
                                         "--push-client-id", creds.clientId, "--push-secret-file", secretFile, "--push-every", "0"])
        defer { simulate.stop() }
        let output = simulate.waitFor("push 1", timeout: 30)
        #expect(output.contains("push 1 failed") && output.contains("401"), "\(output)")
        #expect(!output.contains("not-the-secret-4711"))
        #expect(try stats(cli).isEmpty)
    }
}

// MARK: - Child processes

/// A `coursebridge` child process whose stdout and stderr are collected as they arrive.
final class ChildProcess: @unchecked Sendable {
    // @unchecked: `text` is only touched while `lock` is held (readability handlers run on other threads).
    let process = Process()
    private let lock = NSLock()
    private var text = ""

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = Pipe()
        for pipe in [out, err] {
            pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.withLock { self.text += String(decoding: data, as: UTF8.self) }
            }
        }
        try process.run()
    }

    var output: String { lock.withLock { text } }

    /// Waits until the output holds `marker` (or the process ends, or time runs out); returns the output.
    @discardableResult
    func waitFor(_ marker: String, timeout: TimeInterval) -> String {
        let deadline = Date() + timeout
        while !output.contains(marker), process.isRunning, Date() < deadline { usleep(50_000) }
        usleep(100_000)
        return output
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// `coursebridge serve --port 0` on the CLI's database, with the address it printed.
final class ServeProcess {
    let child: ChildProcess
    let baseURL: String

    init(_ cli: CLI) throws {
        child = try ChildProcess(["--db", cli.db, "serve", "--port", "0", "--no-scheduler"])
        let marker = "coursebridge serving on "
        let output = child.waitFor(marker, timeout: 20)
        guard let line = output.split(separator: "\n").first(where: { $0.contains(marker) }) else {
            child.stop()
            throw ServeFailed(output: output)
        }
        baseURL = String(line[line.range(of: marker)!.upperBound...]).trimmingCharacters(in: .whitespaces)
    }

    func stop() { child.stop() }

    struct ServeFailed: Error, CustomStringConvertible {
        let output: String
        var description: String { "coursebridge serve did not start: \(output)" }
    }
}
