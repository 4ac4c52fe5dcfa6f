import ArgumentParser
import CourseBridgeCore
import CourseBridgeEngine
import CourseBridgeProviders
import CourseBridgeStore
import Foundation
import ProviderSimulator

extension BenchCommand {
    /// Raw listing vs. sync of the same simulated catalog, measured in one run (issues 4 and 5).
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Raw listing throughput and sync time of a simulated catalog; prints ratios and peak RSS.")
        @Option(help: "Catalog size.") var items: Int = 100_000
        @Option(help: "Providers to measure (repeatable; default all).") var provider: [String] = []

        func run() throws {
            let providers = try provider.isEmpty ? Provider.allCases : provider.map { p throws -> Provider in try reportingErrors { try Provider(name: p) } }
            let options = SimulatorOptions(items: items, seed: 7, credentials: .generated(seed: 7))
            let sim = try blocking { try await SimulatorServer.start(options: options) }
            defer { try? blocking { await sim.stop() } }
            print("catalog of \(items) items per provider, simulator on \(sim.baseURL) (same process)")
            for p in providers { try measure(p, sim: sim) }
        }

        private func measure(_ provider: Provider, sim: SimulatorServer) throws {
            let dir = NSTemporaryDirectory() + "cb-bench-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let credentials = sim.credentialValues(for: provider)

            // Baseline: the client reading every page, doing nothing with the items.
            let source = try makeCatalogSource(provider: provider, apiBase: sim.apiBase(for: provider), tokenURL: sim.tokenURL(for: provider),
                                               credentials: credentials)
            var listed = 0
            func timedListing() throws -> Double {
                listed = 0
                let t0 = Date()
                try source.readCatalog { listed += $0.items.count }
                return Date().timeIntervalSince(t0)
            }
            // Three listings around the syncs, the median as baseline: this machine's speed drifts between
            // measurements, and a single listing made the ratios swing by ±0.3 from run to run.
            var listings = [try timedListing()]

            let store = try reportingErrors { try Store.open(path: dir + "/bench.sqlite") }
            let group = try reportingErrors { try store.addGroup(name: "Bench", parentId: nil, isPrivate: false) }
            _ = try reportingErrors { try store.addUser(User(email: "bench@example.com")) }
            try reportingErrors { try store.setMember(groupId: group.id!, email: "bench@example.com", role: .groupAdmin) }
            let integration = try reportingErrors {
                try store.addIntegration(provider: provider, groupId: group.id!, authorEmail: "bench@example.com",
                                         apiBase: sim.apiBase(for: provider), tokenURL: sim.tokenURL(for: provider))
            }
            try reportingErrors { try store.setCredentials(integrationId: integration.id!, values: credentials) }
            try reportingErrors { try store.setTagSync(integrationId: integration.id!, enabled: true) }
            let engine = SyncEngine(store: store)

            func timedSync(confirm: Bool = false) throws -> (Double, SyncProgress) {
                let t = Date()
                do { try engine.start(integrationId: integration.id!, confirmArchive: confirm) } catch { throw CLIError(error.description) }
                guard let final = engine.wait(integrationId: integration.id!) else { throw CLIError("no result") }
                guard final.phase == .succeeded else { throw CLIError("\(provider) sync \(final.phase.label): \(final.message ?? "")") }
                return (Date().timeIntervalSince(t), final)
            }
            PeakMemory.reset()
            let (first, firstRun) = try timedSync()
            let peak = PeakMemory.megabytes()
            listings.append(try timedListing())
            let (again, _) = try timedSync()
            listings.append(try timedListing())
            let listing = listings.sorted()[1]
            sim.advanceDay()
            let (day, dayRun) = try timedSync(confirm: true)

            print("""

            \(provider.displayName): \(listed) items listed
              raw listing (baseline)      \(String(format: "%7.2f s  %8.0f items/s", listing, Double(listed) / listing))  median of \(listings.map { String(format: "%.2f", $0) }.joined(separator: ", ")) s
              first full sync             \(String(format: "%7.2f s  ratio %.2f (target ≤ 1.5)", first, first / listing))  created \(firstRun.counts.created)
              no-change re-sync           \(String(format: "%7.2f s  ratio %.2f (target ≤ 1.2)", again, again / listing))
              next day (changes)          \(String(format: "%7.2f s  ratio %.2f", day, day / listing))  +\(dayRun.counts.created) ~\(dayRun.counts.updated) archived \(dayRun.counts.archived)
              peak RSS during first sync  \(String(format: "%7.1f MB (target < 150 MB; includes the in-process simulator)", peak))
            """)
        }
    }
}

/// Peak resident memory of this process (Linux: VmHWM), resettable between measurements.
enum PeakMemory {
    static func reset() {
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
