import Testing
@testable import CourseBridgeCore

/// CSV cells for spreadsheets and terminals: RFC 4180 quoting, formulas neutralised, controls inert.
struct CSVFieldTests {
    static let rows: [(String, String)] = [
        ("plain", "plain"),
        ("", ""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        // Formulas, including behind TAB, CR or spaces.
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1+1", "' =1+1"),
        ("\r=1+1", "' =1+1"),
        ("  =1+1", "'  =1+1"),
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        // Numbers and the empty-value dash are data.
        ("-", "-"),
        ("-3", "-3"),
        ("+2.5", "+2.5"),
        ("42", "42"),
        // Control characters: ESC, BEL, DEL and C1 become U+FFFD; TAB and CR a space.
        ("\u{1B}[2Jwiped", "\u{FFFD}[2Jwiped"),
        ("ding\u{07}", "ding\u{FFFD}"),
        ("a\tb\rc", "a b c"),
        ("x\u{7F}y\u{9B}z", "x\u{FFFD}y\u{FFFD}z"),
        ("\u{1B}=cmd", "'\u{FFFD}=cmd"),
    ]

    @Test(arguments: rows)
    func escapes(input: String, expected: String) {
        #expect(CSVField.escape(input) == expected)
    }
}
