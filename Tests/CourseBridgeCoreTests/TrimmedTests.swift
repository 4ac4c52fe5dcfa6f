import CourseBridgeCore
import Testing

/// `trimmed` replaces Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` in every hot path.
@Suite("trimmed")
struct TrimmedTests {
    @Test(arguments: [
        ("", ""), ("   ", ""), ("abc", "abc"), ("  abc  ", "abc"), ("\t\n abc \r\n", "abc"),
        ("a b", "a b"), ("\u{00A0}Café\u{2003}", "Café"), ("\u{3000}日本\u{3000}", "日本"),
        ("e\u{0301} ", "e\u{0301}"), ("\u{200B}x", "\u{200B}x"),
    ])
    func trimsWhiteSpaceOnlyAtTheEnds(_ input: String, _ expected: String) {
        #expect(input.trimmed == expected)
    }
}
