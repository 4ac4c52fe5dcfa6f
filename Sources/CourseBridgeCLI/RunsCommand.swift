import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "Sync history, newest first, errors first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this integration's runs.") var integration: Int64?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let store = try global.openStore()
        let runs = try reportingErrors { try store.runs(integrationId: integration) }
        // A running run's instance: the holder of its integration's sync lease.
        let holders = Dictionary(((try? store.syncLeases()) ?? []).map { ($0.integrationId, $0.holder) }, uniquingKeysWith: { a, _ in a })
        if json { print(try Output.json(runs)); return }
        let table = Output.table(["RUN", "INTEGRATION", "TRIGGER", "STARTED", "SECONDS", "OUTCOME", "LISTING", "CREATED", "UPDATED", "ARCHIVED", "IGNORED", "UNCHANGED", "WARNINGS"],
                                 runs.map { r in
            ["\(r.id)", "\(r.integrationId)", r.trigger.rawValue, Output.date(r.startedAt), r.durationSeconds.map { String(format: "%.1f", $0) } ?? "-",
             r.outcome.rawValue, Self.listing(r), "\(r.counts.created)", "\(r.counts.updated)", "\(r.counts.archived)", "\(r.counts.ignored)", "\(r.counts.unchanged)", "\(r.warnings)"]
        }).split(separator: "\n", omittingEmptySubsequences: false)
        // Each run's reason, errors and first warnings right under its own row.
        print(table[0])
        for (r, row) in zip(runs, table.dropFirst()) {
            print(row)
            if r.outcome == .running, let holder = holders[r.integrationId] { print("    running on \(Output.inert(holder))") }
            for line in Self.details(r) { print("    " + line) }
        }
    }

    static let warningsShown = 5

    /// `incremental`, `full (periodic)`; runs recorded before listing kinds were full listings.
    static func listing(_ r: SyncRunRecord) -> String { r.listingKind?.label ?? "full" }

    /// Why a run did not succeed, its errors, and a sample of its warnings with how many there are in all.
    static func details(_ r: SyncRunRecord) -> [String] {
        var lines: [String] = []
        if r.outcome != .succeeded, let reason = r.reason { lines.append(Output.inert(reason)) }
        let errors = r.errors.filter { $0.kind == .error && $0.message != r.reason }
        let warnings = r.errors.filter { $0.kind == .warning }
        func text(_ e: RunMessage) -> String { "\(e.providerId.map { "\($0): " } ?? "")\(Output.inert(e.message))" }
        lines += errors.prefix(warningsShown).map { "error: " + text($0) }
        if errors.count > warningsShown { lines.append("… \(Plural.count(errors.count - warningsShown, "more error", "more errors"))") }
        lines += warnings.prefix(warningsShown).map { "warning: " + text($0) }
        if r.warnings > warningsShown { lines.append("… \(Plural.count(r.warnings - min(warningsShown, warnings.count), "more warning", "more warnings")) (\(r.warnings) in all)") }
        return lines
    }
}
