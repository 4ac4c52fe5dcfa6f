import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation

/// `coursebridge stats`: learners' attempts per integration, user or course.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Learner statistics: one row per attempt.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this integration's courses.") var integration: Int64?
    @Option(help: "Only this learner (email).") var user: String?
    @Option(help: "Only this course id.") var course: Int64?
    @Option(help: "table, csv or json.") var format: String = "table"
    @Flag(help: "Print JSON (the same as --format json, as every other listing spells it).") var json = false

    func validate() throws {
        guard ["table", "csv", "json"].contains(format) else { throw ValidationError("--format must be table, csv or json") }
        if json && format != "table" && format != "json" {
            throw ValidationError("--json and --format \(format) ask for different outputs: pass one of them")
        }
    }

    /// `--json` wins over the default table; a contradicting `--format` is refused in `validate`.
    var output: String { json ? "json" : format }

    func run() throws {
        let store = try global.openStore()
        let reports = try reportingErrors {
            try store.attemptReports(AttemptReportQuery(integrationId: integration, userEmail: user, courseId: course))
        }
        let header = ["USER", "COURSE", "TITLE", "STARTED", "STATUS", "PROGRESS", "SCORE", "TIME SPENT", "COMPLETED", "RESULT", "LAST ACTIVITY"]
        let rows = reports.map { r -> [String] in
            let a = r.attempt
            return [r.userEmail, "\(a.courseId)", r.courseTitle, Output.date(a.startedAt), a.completionStatus.rawValue,
                    Self.number(a.progressPercent), a.scorePercent.map(Self.number) ?? "-", "\(a.timeSpentSeconds)",
                    Output.date(a.completedAt), a.result?.rawValue ?? "-", Output.date(a.lastActivityAt)]
        }
        switch output {
        case "json":
            print(try Output.json(reports))
        case "csv":
            print(([header] + rows).map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\n"))
        default:
            if reports.isEmpty { print("no attempt recorded"); return }
            print(Output.table(header, rows))
        }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// Quoted, formula-neutralised and free of terminal control characters (`CSVField`).
    static func csvField(_ s: String) -> String { CSVField.escape(s) }
}
