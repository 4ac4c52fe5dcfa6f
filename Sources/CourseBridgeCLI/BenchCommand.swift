import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation

/// `coursebridge bench …`: benchmarks that print figures, with a baseline measured in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks (figures for BENCHMARKS.md).", subcommands: [UserImport.self, Sync.self, Search.self, Console.self])

    struct UserImport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "user-import",
            abstract: "Time `user import` of a generated CSV against reading the same file (the baseline).")
        @Option(help: "Rows in the generated CSV.") var rows: Int = 10_000
        @Option(help: "Repetitions; the best is reported.") var runs: Int = 3

        func run() throws {
            let dir = NSTemporaryDirectory() + "cb-bench-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let csv = dir + "/users.csv"
            var text = "email,username,external_id,name\n"
            for n in 0..<rows { text += "user\(n)@bench.example,user\(n),EXT-\(n % 997),\"User \(n), Bench\"\n" }
            try text.write(toFile: csv, atomically: true, encoding: .utf8)

            var parseBest = Double.infinity, importBest = Double.infinity
            for run in 0..<runs {
                let t0 = Date()
                let parsed = try UserCSV.read(path: csv)
                parseBest = min(parseBest, Date().timeIntervalSince(t0))
                let store = try reportingErrors { try Store.open(path: dir + "/run\(run).sqlite") }
                let t1 = Date()
                let again = try UserCSV.read(path: csv)
                let problems = try reportingErrors { try store.addUsers(again) }
                importBest = min(importBest, Date().timeIntervalSince(t1))
                guard problems.isEmpty, parsed.count == rows else { throw CLIError("benchmark import failed: \(problems.prefix(3))") }
            }
            print("user import of \(rows) rows (best of \(runs)):")
            print(String(format: "  read CSV only (baseline): %8.3f s", parseBest))
            print(String(format: "  full import (read + validate + insert, one transaction, sync=FULL): %8.3f s  (%.0f rows/s)",
                         importBest, Double(rows) / importBest))
            print(String(format: "  import / read ratio: %.2f", importBest / parseBest))
        }
    }
}
