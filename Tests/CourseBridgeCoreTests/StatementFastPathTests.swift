import Foundation
import Testing
@testable import CourseBridgeCore

/// The checks every pushed statement goes through read ASCII byte by byte; what they accept and refuse must be
/// what the character-by-character rules said, non-ASCII input included.
struct StatementFastPathTests {
    @Test(arguments: [
        ("urn:lyndaCourse:252", true),
        ("http://adlnet.gov/expapi/verbs/completed", true),
        ("https://xapi.percipio.com/xapi/course/6a8b", true),
        ("http://example.com/a b", false),
        ("http://example.com/a\tb", false),
        ("http://example.com/a\nb", false),
        ("http://example.com/a\u{0B}b", false),
        ("http://example.com/a\u{A0}b", false),     // no-break space
        ("http://example.com/a\u{2003}b", false),   // em space
        ("http://example.com/a\u{2028}b", false),   // line separator
        ("http://例え.jp/課程", true),
        ("1http://example.com", false),
        ("nocolon", false),
        ("urn:", false),
    ])
    func iriRefusesWhitespaceOfEveryKind(_ value: String, _ isIRI: Bool) {
        #expect(XAPIStatementParser.isIRI(value) == isIRI)
    }

    @Test(arguments: [
        ("ann@acme.example", true),
        ("ann.lee+tag@acme.example", true),
        ("zoë@société.example", true),
        ("ann lee@acme.example", false),
        ("ann\t@acme.example", false),
        ("ann@acme.example\r\n", false),
        ("<ann@acme.example>", false),
        ("ann\u{1B}[31m@acme.example", false),   // an escape sequence
        ("ann\u{7F}@acme.example", false),
        ("ann\u{A0}@acme.example", false),       // no-break space
        ("zoë\u{2003}@acme.example", false),     // em space after a non-ASCII letter
        ("zoë\u{85}@acme.example", false),       // next line (a control character)
        ("ann@acme", false),
    ])
    func emailRefusesSpacesBracketsAndControlCharacters(_ value: String, _ valid: Bool) {
        #expect(EmailAddress.isValid(value) == valid)
    }

    /// The one-pass check of ASCII addresses agrees with the Character-wise rules on every arrangement of the
    /// characters that matter (`@`, `.`, a letter, a space) up to six long.
    @Test func asciiEmailCheckAgreesWithTheCharacterRules() {
        func characterRules(_ s: String) -> Bool {
            let parts = s.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !EmailAddress.hasForbiddenCharacter(s) else { return false }
            let domain = parts[1]
            return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")
        }
        var strings = [""]
        var checked = 0
        for _ in 1...6 {
            strings = strings.flatMap { prefix in ["@", ".", "a", " "].map { prefix + $0 } }
            for s in strings {
                #expect(EmailAddress.isValidASCII(s) == characterRules(s), "\(s)")
                checked += 1
            }
        }
        #expect(checked == 5_460)
        #expect(EmailAddress.isValidASCII("zoë@société.example") == nil)
    }

    @Test(arguments: [
        (XAPIJSON.object([:]), "{}"),
        (.array([]), "[]"),
        (.object(["b": .number(1), "a": .array([.bool(true), .null, .number(2.5)]), "B": .string("x")]),
         #"{"B":"x","a":[true,null,2.5],"b":1}"#),
        (.object(["é": .string("q\"u\\o\nte\u{01}"), "e": .object(["z": .number(-3), "y": .number(1e20)])]),
         #"{"e":{"y":1e+20,"z":-3},"é":"q\"u\\o\nte\u0001"}"#),
    ])
    func canonicalTextSortsKeysAndEscapes(_ value: XAPIJSON, _ text: String) {
        #expect(value.canonicalText == text)
    }
}
