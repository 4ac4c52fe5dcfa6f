import Foundation
import Testing

/// The real binary: a sync against the simulator process pulls edX and Coursera learner activity,
/// and `coursebridge stats` shows the attempts.
@Suite(.serialized) struct PulledStatisticsCLITests {
    @Test(arguments: [("edx", "edX"), ("coursera", "Coursera")])
    func syncThenStatsShowsPulledAttempts(_ provider: (String, String)) throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let sim = try SimulatorProcess(items: 200)
        defer { sim.stop() }
        try cli.run(["group", "add", "Acme"])
        try cli.run(["user", "add", "--email", "admin@acme.example"])
        try cli.run(["group", "member", "add", "1", "admin@acme.example", "--role", "group-admin"])
        let added = try cli.run(["integration", "add", provider.0, "--group", "1", "--author", "admin@acme.example"]
                                + sim.addArguments(provider.1))
        #expect(added.status == 0, "\(added.stderr)")
        try cli.run(["integration", "credentials", "1"], stdin: sim.credentials(provider.1))
        // 200 items: learners learner0 … learner9 (see SimulatedCatalog.learnerCount).
        for n in 0..<10 { try cli.run(["user", "add", "--email", "learner\(n)@example.com"]) }

        let sync = try cli.run(["sync", "1"])
        #expect(sync.status == 0, "\(sync.stdout)\(sync.stderr)")
        let stats = try cli.run(["stats", "--integration", "1", "--format", "csv"])
        #expect(stats.status == 0, "\(stats.stderr)")
        let rows = stats.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count >= 10, "\(provider.1): \(stats.stdout)")
        #expect(rows.contains { $0.contains("completed") }, "\(stats.stdout)")
        #expect(rows.allSatisfy { $0.contains("@example.com") })
    }
}
