import ArgumentParser
import CourseBridgeCore
import CourseBridgeEngine
import CourseBridgeData
import CourseBridgeStore
import Foundation

/// `coursebridge quarantine list|replay`: statements kept because their learner or course was unknown.
struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine", abstract: "Statements kept because their learner or course is unknown.",
        subcommands: [List.self, Replay.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List quarantined statements with their reason, oldest first.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let store = try global.openStore()
            let statements = try reportingErrors { try store.quarantinedStatements() }
            if json { print(try Output.json(statements.map(Item.init))); return }
            if statements.isEmpty { print("no statement in quarantine"); return }
            print(Output.table(["ID", "INTEGRATION", "RECEIVED", "STATEMENT", "REASON"], statements.map {
                ["\($0.sequence)", "\($0.integrationId)", Output.date($0.receivedAt), $0.statementId, $0.reason ?? "-"]
            }))
            print("after adding the user or syncing the course: coursebridge quarantine replay [ID]")
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply quarantined statements again (all, or one by ID or statement id).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Quarantine ID (first column of the list) or statement id; all when omitted.") var id: String?

        func run() throws {
            let store = try global.openStore()
            do {
                let counts = try StatementIngestor(store: store).replayQuarantined(id)
                print("applied \(counts.applied), still quarantined \(counts.stillQuarantined), skipped \(counts.skipped)")
            } catch {
                throw CLIError(error.description)
            }
        }
    }

    /// The JSON form of a quarantined statement.
    struct Item: Encodable {
        var id: Int64
        var integrationId: Int64
        var statementId: String
        var receivedAt: Date
        var reason: String?
        var statement: XAPIJSON?

        init(_ s: StoredStatement) {
            id = s.sequence
            integrationId = s.integrationId
            statementId = s.statementId
            receivedAt = s.receivedAt
            reason = s.reason
            statement = try? XAPIJSON.parse(Data(s.body.utf8))
        }
    }
}
