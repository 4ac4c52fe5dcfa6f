import Foundation

/// Plain-text tables and JSON for list commands. Terminal escape sequences in data are shown inert.
enum Output {
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let cleanRows = rows.map { $0.map(inert) }
        var widths = header.map(\.count)
        for row in cleanRows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + cleanRows.map(line)).joined(separator: "\n")
    }

    /// Control characters (ESC, BEL, C1 …) are replaced so a title cannot drive the terminal.
    static func inert(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { scalar in
            (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value) ? "\u{FFFD}" : scalar
        }))
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func date(_ d: Date?) -> String {
        guard let d else { return "-" }
        return ISO8601DateFormatter().string(from: d)
    }
}
