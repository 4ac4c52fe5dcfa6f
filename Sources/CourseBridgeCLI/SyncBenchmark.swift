import ArgumentParser
#if os(Linux)
import CMalloc
#endif
import CourseBridgeCore
import CourseBridgeEngine
import CourseBridgeProviders
import CourseBridgeData
import CourseBridgePostgres
import CourseBridgeStore
import Foundation

extension BenchCommand {
    /// Sync vs. a raw pager in another language, both against a simulator in another process (issue 18).
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Sync time and peak RSS of a simulated catalog against a raw Python pager; prints ratios.",
            discussion: "The simulator runs as a child process (coursebridge simulate); the baseline is scripts/raw_pager.py "
                + "(python3, standard library), which fetches and parses every page the way the client pages.")
        @Option(help: "Catalog size.") var items: Int = 100_000
        @Option(help: "Providers to measure (repeatable; default all).") var provider: [String] = []
        @Option(help: "Times each sync is measured, each first sync into a new database; medians are reported.")
        var repeats: Int = 3
        @Option(help: ArgumentHelp("The raw pager script (default: scripts/raw_pager.py of this checkout).", valueName: "path"))
        var pager: String?
        @Option(help: ArgumentHelp("Also sync into PostgreSQL at this URL (a new schema per run) and print its ratio to SQLite.",
                                   valueName: "url"))
        var postgres: String?
        @Option(help: ArgumentHelp("Share of the catalog new, edited or retired on the simulated next day (same mix as the "
                                   + "simulator's default: 2 : 1 : 0.4).", valueName: "share"))
        var dailyChange: DailyChange = DailyChange(share: 0.01)

        func run() throws {
            guard repeats >= 1 else { throw CLIError("--repeats must be at least 1") }
            let providers = try provider.isEmpty ? Provider.allCases : provider.map { p throws -> Provider in try reportingErrors { try Provider(name: p) } }
            let pager = RawPager(script: try pagerScript())
            let sim = try SimulatorChild(items: items, seed: 7, dailyChange: dailyChange.share)
            defer { sim.stop() }
            print("catalog of \(items) items per provider, simulator in another process (\(sim.baseURL.split(separator: " ").dropFirst(3).first ?? "")); "
                  + "baseline \(pager.script); medians of \(repeats) runs; next day changes \(dailyChange) of the catalog")
            for p in providers { try measure(p, sim: sim, pager: pager) }
        }

        private func pagerScript() throws -> String {
            if let pager {
                guard FileManager.default.fileExists(atPath: pager) else { throw CLIError("no raw pager at \(pager)") }
                return pager
            }
            // The checkout this binary was built in (.build/<triple>/release/coursebridge), else the current directory.
            let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
            var dir = URL(fileURLWithPath: exe)
            for _ in 0..<4 { dir.deleteLastPathComponent() }
            for candidate in [dir.appendingPathComponent("scripts/raw_pager.py").path, "scripts/raw_pager.py"]
            where FileManager.default.fileExists(atPath: candidate) { return candidate }
            throw CLIError("scripts/raw_pager.py not found: run from the CourseBridge checkout or pass --pager PATH")
        }

        private func measure(_ provider: Provider, sim: SimulatorChild, pager: RawPager) throws {
            // The client's own listing (nothing stored), kept as an extra line: what the sync adds on top of it.
            let source = try makeCatalogSource(provider: provider, apiBase: sim.apiBase(for: provider), tokenURL: sim.tokenURL(for: provider),
                                               credentials: sim.credentialValues(for: provider))
            var listed = 0
            func timedListing() throws -> Double {
                listed = 0
                let t0 = Date()
                try source.readCatalog { listed += $0.items.count }
                return Date().timeIntervalSince(t0)
            }
            // Pager runs taken between the syncs, and medians on both sides of each ratio: this machine's speed drifts
            // by ±15% between measurements, as much as the margins being measured.
            var paged = [try pager.run(provider, simulator: sim)]
            var listings: [Double] = []
            var firsts: [Double] = [], again: [Double] = [], peaks: [Double] = []
            var created = 0
            var last: BenchIntegration?
            for _ in 0..<repeats {
                last = nil  // one database open at a time: an earlier one's caches would count in this one's peak
                let bench = try BenchIntegration(provider: provider, sim: sim)
                PeakMemory.reset()
                let (first, firstRun) = try bench.timedSync()
                peaks.append(PeakMemory.megabytes())
                firsts.append(first)
                created = firstRun.counts.created
                paged.append(try pager.run(provider, simulator: sim))
                // `sync --full`: the no-change figure is a whole listing, not the changes-only daily read.
                again.append(try bench.timedSync(full: true).seconds)
                paged.append(try pager.run(provider, simulator: sim))
                listings.append(try timedListing())
                last = bench
            }
            // The next simulated day as the schedule would sync it: only what changed (edX: everything), against a
            // whole listing of the same catalog (the no-change `--full` re-syncs above).
            sim.advanceDay()
            let (day, dayRun) = try last!.timedSync(confirm: true)
            let fullListing = median(again)
            let changed = dayRun.counts.created + dayRun.counts.updated + dayRun.counts.archived
            let changeShare = Double(changed) / Double(max(1, listed))
            let baseline = median(paged.map(\.seconds))
            let pagerPeak = median(paged.map(\.peakMegabytes))
            func line(_ label: String, _ samples: [Double], target: String) -> String {
                let m = median(samples)
                return label.padding(toLength: 28, withPad: " ", startingAt: 0)
                    + String(format: "%7.2f s  ratio %.2f (target %@)  ratios ", m, m / baseline, target)
                    + samples.map { String(format: "%.2f", $0 / baseline) }.joined(separator: ", ")
            }
            let peak = median(peaks)
            var postgresLines = ""
            if let postgres {
                // The same syncs into PostgreSQL, medians against the SQLite ones measured above (issue 16: ≤ 1.3).
                var pgFirsts: [Double] = [], pgAgain: [Double] = []
                for _ in 0..<repeats {
                    let bench = try BenchIntegration(provider: provider, sim: sim, postgres: postgres)
                    pgFirsts.append(try bench.timedSync().seconds)
                    pgAgain.append(try bench.timedSync(full: true).seconds)  // a whole listing, as SQLite's above
                }
                let (f, a) = (median(pgFirsts), median(pgAgain))
                postgresLines = String(format: "\n  PostgreSQL first full sync  %7.2f s  ÷ SQLite %.2f (target ≤ 1.3)", f, f / median(firsts))
                    + String(format: "\n  PostgreSQL no-change re-sync --full %6.2f s  ÷ SQLite %.2f", a, a / median(again))
            }

            print("""

            \(provider.displayName): pager read \(paged[0].items) elements, client listed \(listed) items
              raw pager (baseline)        \(String(format: "%7.2f s  %8.0f elements/s", baseline, Double(paged[0].items) / baseline))  median of \(paged.map { String(format: "%.2f", $0.seconds) }.joined(separator: ", ")) s
              \(line("first full sync", firsts, target: "≤ 1.3"))  created \(created)
              \(line("no-change re-sync", again, target: "≤ 1.0"))
              \(line("client listing only", listings, target: "-"))
              next day (changes)          \(String(format: "%7.2f s  ratio %.2f", day, day / baseline))  +\(dayRun.counts.created) ~\(dayRun.counts.updated) archived \(dayRun.counts.archived), \(dayRun.listingKind?.label ?? "full") listing, \(dayRun.itemsSeen) items read
              incremental daily run ÷ full listing  \(String(format: "%.3f (target ≤ 0.1) with %.1f %% of the catalog changed", day / fullListing, changeShare * 100))
              peak RSS during first sync  \(String(format: "%7.1f MB (target < 150 MB)  ratio %.1f to the pager's %.1f MB", peak, peak / max(pagerPeak, 1), pagerPeak))  each: \(peaks.map { String(format: "%.0f", $0) }.joined(separator: ", ")) MB\(postgresLines)
            """)
        }

        private func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }
}

/// One integration of the benchmark in a database of its own, synchronizing from the simulator process.
private final class BenchIntegration {
    let provider: Provider
    let directory: String
    let engine: SyncEngine
    let integrationId: Int64

    init(provider: Provider, sim: SimulatorChild, postgres: String? = nil) throws {
        self.provider = provider
        let directory = NSTemporaryDirectory() + "cb-bench-\(UUID().uuidString)"
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store: any DataStore
        if let postgres {
            let schema = "cbbench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            let admin = try PostgresPool(url: postgres, size: 1)
            defer { admin.close() }
            try admin.execute("CREATE SCHEMA \(schema)")
            store = try reportingErrors { try PostgresStore.open(url: postgres, secrets: .ephemeral(), searchPath: schema) }
        } else {
            store = try reportingErrors { try Store.open(path: directory + "/bench.sqlite") }
        }
        let group = try reportingErrors { try store.addGroup(name: "Bench", parentId: nil, isPrivate: false) }
        _ = try reportingErrors { try store.addUser(User(email: "bench@example.com")) }
        try reportingErrors { try store.setMember(groupId: group.id!, email: "bench@example.com", role: .groupAdmin) }
        let integration = try reportingErrors {
            try store.addIntegration(provider: provider, groupId: group.id!, authorEmail: "bench@example.com",
                                     apiBase: sim.apiBase(for: provider), tokenURL: sim.tokenURL(for: provider))
        }
        let id = integration.id!
        integrationId = id
        try reportingErrors { try store.setCredentials(integrationId: id, values: sim.credentialValues(for: provider)) }
        try reportingErrors { try store.setTagSync(integrationId: id, enabled: true) }
        engine = SyncEngine(store: store)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func timedSync(confirm: Bool = false, full: Bool = false) throws -> (seconds: Double, run: SyncProgress) {
        let t = Date()
        do { try engine.start(integrationId: integrationId, confirmArchive: confirm, forceFull: full) } catch { throw CLIError(error.description) }
        guard let final = engine.wait(integrationId: integrationId) else { throw CLIError("no result") }
        guard final.phase == .succeeded else { throw CLIError("\(provider) sync \(final.phase.label): \(final.message ?? "")") }
        return (Date().timeIntervalSince(t), final)
    }
}

/// Peak resident memory of this process (Linux: VmHWM), resettable between measurements.
enum PeakMemory {
    /// Gives freed heap back to the OS first (glibc keeps it), so the mark starts from what is in use: without it,
    /// a repeated measurement's peak included what the previous listing had freed.
    static func reset() {
        #if os(Linux)
        _ = malloc_trim(0)
        #endif
        if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            handle.write(Data("5".utf8))
            try? handle.close()
        }
    }

    static func megabytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }
}
