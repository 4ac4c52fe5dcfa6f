import CourseBridgeCore
import Foundation

/// Plain-text tables and JSON for list commands. Terminal escape sequences in data are shown inert.
enum Output {
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let cleanRows = rows.map { $0.map(inert) }
        // Terminal columns, not characters: a CJK title takes two per character.
        var widths = header.map(CellWidth.of)
        for row in cleanRows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], CellWidth.of(cell)) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c.padded(to: widths[i])
            }.joined(separator: "  ")
        }
        return ([line(header)] + cleanRows.map(line)).joined(separator: "\n")
    }

    /// Control characters (ESC, BEL, C1 …) are replaced so a title cannot drive the terminal.
    static func inert(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { scalar in
            scalar.isControlCharacter && scalar != "\t" ? "\u{FFFD}" : scalar
        }))
    }

    /// `inert`, keeping line breaks: for multi-line messages such as usage text.
    static func inertKeepingLines(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { inert(String($0)) }.joined(separator: "\n")
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        // JSON may carry C1 controls raw, and some terminals obey U+009B as an escape: written as \u escapes
        // (they occur only inside strings, where the escape means the same character).
        guard text.unicodeScalars.contains(where: { (0x80...0x9F).contains($0.value) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x80...0x9F).contains(scalar.value) {
                out.append(contentsOf: String(format: "\\u%04x", scalar.value).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func date(_ d: Date?) -> String {
        guard let d else { return "-" }
        return ISO8601DateFormatter().string(from: d)
    }
}
