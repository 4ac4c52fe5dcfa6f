import CSV
import CourseBridgeCore
import Foundation

/// Reads `user import` files with CSV.swift: a header row naming email, username, external_id, name (any order).
enum UserCSV {
    static let columns = ["email", "username", "external_id", "name"]

    static func read(path: String) throws -> [(line: Int, user: User)] {
        // The text is handed over whole: on Linux, InputStream reports bytes available at end of file,
        // which CSV.swift's stream reader takes for a read error.
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read \(path): check the path and its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("\(path) is not UTF-8 text; save it as UTF-8 CSV") }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
        } catch {
            throw CLIError("\(path) is not a readable CSV file: \(error)")
        }
        let header = (reader.headerRow ?? []).map { $0.lowercased().trimmed }
        guard header.contains("email") else {
            throw CLIError("\(path) has no 'email' column; the header row must name: \(columns.joined(separator: ", "))")
        }
        let unknown = header.filter { !columns.contains($0) && !$0.isEmpty }
        if !unknown.isEmpty {
            throw CLIError("\(path) has unknown column(s) \(unknown.joined(separator: ", ")); expected: \(columns.joined(separator: ", "))")
        }
        func index(_ name: String) -> Int? { header.firstIndex(of: name) }
        var rows: [(line: Int, user: User)] = []
        var line = 1
        while let fields = reader.next() {
            line += 1
            if fields.allSatisfy({ $0.isEmpty }) { continue }
            func field(_ name: String) -> String? {
                guard let i = index(name), i < fields.count else { return nil }
                return fields[i]
            }
            rows.append((line, User(email: field("email") ?? "", username: field("username"), externalId: field("external_id"),
                                   displayName: field("name"))))
        }
        if let error = reader.error {
            throw CLIError("\(path) could not be parsed near line \(line + 1): \(error); nothing was imported")
        }
        return rows
    }
}
