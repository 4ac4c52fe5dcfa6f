import ArgumentParser
import CourseBridgeCore
import Foundation

/// `coursebridge events`: the event log, newest first.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "The event log, newest first: syncs, statement batches, token failures, quarantines, errors.",
        discussion: "Kinds: \(PlatformEvent.Kind.allCases.map(\.rawValue).joined(separator: ", ")). Kept across restarts (the last \(PlatformEvent.kept)).")
    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Only events of this kind (repeatable).", valueName: "kind")) var kind: [String] = []
    @Option(help: "Only this integration's events.") var integration: Int64?
    @Option(help: "Only events whose message contains this text (any case).") var search: String?
    @Option(help: "How many events at most.") var limit: Int = 50
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        for k in kind where PlatformEvent.Kind(rawValue: k) == nil {
            throw ValidationError("unknown event kind '\(k)'; kinds: \(PlatformEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let store = try global.openStore()
        let query = EventQuery(kinds: Set(kind.compactMap(PlatformEvent.Kind.init(rawValue:))), integrationId: integration,
                               text: search, limit: limit)
        let events = try reportingErrors { try store.events(query) }
        if json { print(try Output.json(events)); return }
        if events.isEmpty { print("no events" + (query == EventQuery(limit: limit) ? " yet: syncs, statements and token failures are logged here" : " match")); return }
        print(Output.table(["TIME", "KIND", "INTEGRATION", "MESSAGE"], events.map { e in
            [Output.date(e.at), e.severity == .info ? e.kind.rawValue : "\(e.kind.rawValue) (\(e.severity.rawValue))",
             e.integrationId.map { "\($0)" } ?? "-", e.message]
        }))
    }
}
