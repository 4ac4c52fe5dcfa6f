import CourseBridgeCore
import Foundation

/// Writes learner statistics to a CSV file, page by page, so 100,000 rows never sit in memory at once.
enum StatsExport {
    static let header = "learner,course,progress_percent,score_percent,time_spent_seconds,completion,result,last_activity,attempts"

    static func write(services: any ConsoleServices, query: StatsQuery, path: String) throws -> Int {
        let expanded = (path as NSString).expandingTildeInPath
        guard FileManager.default.createFile(atPath: expanded, contents: nil) else {
            throw ExportError(path: expanded)
        }
        guard let handle = FileHandle(forWritingAtPath: expanded) else { throw ExportError(path: expanded) }
        defer { try? handle.close() }
        handle.write(Data((header + "\n").utf8))
        var q = query
        q.offset = 0
        q.limit = 2000
        var written = 0
        while true {
            let page = try services.statistics(q)
            var chunk = ""
            for r in page.rows { chunk += line(r) + "\n" }
            handle.write(Data(chunk.utf8))
            written += page.rows.count
            q.offset += page.rows.count
            if page.rows.isEmpty || q.offset >= page.total { break }
        }
        return written
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: (path as NSString).expandingTildeInPath)
    }

    /// What the status line says: the full path, and when a search was active, that only its rows were written.
    static func doneText(rows n: Int, query: StatsQuery, path: String) -> String {
        let search = query.search.trimmed
        let which = search.isEmpty ? Plural.count(n, "row") : "\(Plural.count(n, "row")) matching '\(search)' (only the filtered rows; Esc clears the filter)"
        return "Exported \(which) to \(path)."
    }

    static func line(_ r: StatRow) -> String {
        let iso = ISO8601DateFormatter()
        return [r.learner, r.course, String(format: "%.0f", r.progress), r.score.map { String(format: "%.0f", $0) } ?? "",
                String(r.timeSpentSeconds), r.completion, r.result ?? "", r.lastActivity.map(iso.string(from:)) ?? "", String(r.attempts)]
            .map(quote).joined(separator: ",")
    }

    /// RFC 4180 quoting, formulas neutralised, control characters made inert: the same rule as `stats --format csv`.
    static func quote(_ field: String) -> String { CSVField.escape(field) }
}

struct ExportError: Error, CustomStringConvertible {
    var path: String
    var description: String { "cannot write \(path): check that the folder exists and is writable" }
}

/// A relative export path made absolute against the console's folder, so the prompt and the notice name the
/// file exactly ("~" is expanded when writing).
func exportPath(_ m: ConsoleModel, _ path: String) -> String {
    if path.hasPrefix("/") || path.hasPrefix("~") { return path }
    let folder = m.exportFolder.hasSuffix("/") ? String(m.exportFolder.dropLast()) : m.exportFolder
    return folder + "/" + path
}
