import ArgumentParser
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
        if json { print(try Output.json(runs)); return }
        print(Output.table(["RUN", "INTEGRATION", "TRIGGER", "STARTED", "SECONDS", "OUTCOME", "CREATED", "UPDATED", "ARCHIVED", "IGNORED", "UNCHANGED", "WARNINGS"],
                           runs.map { r in
            ["\(r.id)", "\(r.integrationId)", r.trigger, Output.date(r.startedAt), r.durationSeconds.map { String(format: "%.1f", $0) } ?? "-",
             r.outcome, "\(r.counts.created)", "\(r.counts.updated)", "\(r.counts.archived)", "\(r.counts.ignored)", "\(r.counts.unchanged)", "\(r.warnings)"]
        }))
        for r in runs where r.outcome != "succeeded" || !r.errors.isEmpty {
            if let reason = r.reason { print("run \(r.id): \(Output.inert(reason))") }
            for e in r.errors.prefix(5) where e.message != r.reason {
                print("  \(e.kind): \(e.providerId.map { "\($0): " } ?? "")\(Output.inert(e.message))")
            }
        }
    }
}
