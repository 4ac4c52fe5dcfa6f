import Foundation
import Testing

/// `coursebridge runs`: each run's warnings under its own row (issue 17 #5: they were printed under the whole table).
@Suite(.serialized) struct RunsCommandTests {
    @Test func warningsStandUnderTheirRunWithTheirTotal() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let sim = try SimulatorProcess(items: 150)
        defer { sim.stop() }
        try cli.run(["user", "add", "--email", "admin@acme.example"])
        for (group, name) in [(1, "Acme"), (2, "Globex")] {
            try cli.run(["group", "add", name])
            try cli.run(["group", "member", "add", "\(group)", "admin@acme.example", "--role", "group-admin"])
            let added = try cli.run(["integration", "add", "linkedin", "--group", "\(group)", "--author", "admin@acme.example"]
                                    + sim.addArguments("LinkedIn Learning"))
            #expect(added.status == 0, "\(added.stderr)")
            try cli.run(["integration", "credentials", "\(group)"], stdin: sim.credentials("LinkedIn Learning"))
        }
        let sync = try cli.run(["sync", "1"])
        #expect(sync.status == 0)
        #expect(sync.stderr.isEmpty, "no progress on a stderr that is not a terminal (issue 17 #11): \(sync.stderr)")
        let verbose = try cli.run(["sync", "1", "--progress"])
        // The bar is drawn on request (which phases it catches depends on how fast the run is).
        #expect(verbose.stderr.contains(" items/s") && verbose.stderr.contains("%"), "\(verbose.stderr)")
        // The second integration finds every course already imported by the first: one duplicate warning each.
        #expect(try cli.run(["sync", "2"]).status == 0)

        let runs = try cli.run(["runs"])
        #expect(runs.status == 0, "\(runs.stderr)")
        let lines = runs.stdout.split(separator: "\n").map(String.init)
        let second = try #require(lines.firstIndex { $0.hasPrefix("3 ") }, "\(runs.stdout)")
        let first = try #require(lines.firstIndex { $0.hasPrefix("2 ") }, "\(runs.stdout)")
        #expect(second < first, "newest first")
        let details = lines[(second + 1)..<first]
        #expect(details.count == 6, "five warnings and a count:\n\(runs.stdout)")
        #expect(details.dropLast().allSatisfy { $0.hasPrefix("    warning: ") }, "\(runs.stdout)")
        #expect(details.contains { $0.contains("duplicate") }, "run 3's own duplicates are under it:\n\(runs.stdout)")
        #expect(details.last?.range(of: #"^    … \d+ more warnings \(\d+ in all\)$"#, options: .regularExpression) != nil, "\(runs.stdout)")
        // Every line is a run's row or indented under one: nothing is printed below the whole table.
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("    ") || $0.range(of: #"^\d+ "#, options: .regularExpression) != nil },
                "\(runs.stdout)")
        #expect(lines.filter { !$0.hasPrefix("    ") }.count == 4, "header and three runs:\n\(runs.stdout)")
    }
}
