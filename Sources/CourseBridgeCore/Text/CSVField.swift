/// One CSV cell that is safe to open in a spreadsheet and to print on a terminal: RFC 4180 quoting,
/// control characters made inert, and formulas neutralised (OWASP "CSV injection").
public enum CSVField {
    /// Characters that make a spreadsheet read a cell as a formula; TAB and CR count too, since some
    /// applications drop them and then see what follows.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    public static func escape(_ value: String) -> String {
        var text = neutralizeFormula(value)
        text = String(String.UnicodeScalarView(text.unicodeScalars.map(inert)))
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A leading apostrophe when the cell (or the cell after leading spaces and controls) starts like a formula.
    /// A plain number such as -3 or +2.5 stays as it is: it is data, and no spreadsheet runs it.
    static func neutralizeFormula(_ value: String) -> String {
        guard let first = value.first else { return value }
        let significant = value.drop { $0 == " " || $0.unicodeScalars.allSatisfy(\.isControlCharacter) }.first
        let looksLikeFormula = formulaStarts.contains(first) || significant.map { formulaStarts.contains($0) } == true
        // "-" is the placeholder of an empty value; Double() accepts no leading space, TAB or CR.
        guard looksLikeFormula, value != "-", Double(value) == nil else { return value }
        return "'" + value
    }

    /// LF stays (it is quoted); TAB and CR become a space; ESC, BEL, DEL, the other C0 and all C1 controls
    /// become U+FFFD, so a terminal never sees an escape sequence and a reader sees that something was there.
    static func inert(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar {
        case "\n": scalar
        case "\t", "\r": " "
        case _ where scalar.isControlCharacter: "\u{FFFD}"
        default: scalar
        }
    }
}
