@testable import CourseBridgeCore
import Foundation
import Testing

/// The byte parser that reads provider pages (lenient) and statements from outside (strict).
@Suite("JSON bytes parser")
struct JSONBytesParserTests {
    @Test func readsEveryKindOfValue() throws {
        let json = try XAPIJSON.parse(Data(#" {"a":[1,-2.5e1,true,false,null],"s":"x\"\u00e9\ud83d\ude00\n","o":{}} "#.utf8))
        #expect(json == .object([
            "a": .array([.number(1), .number(-25), .bool(true), .bool(false), .null]),
            "s": .string("x\"é😀\n"),
            "o": .object([:]),
        ]))
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        var bytes: [UInt8]
        var reason: String
        var lenientAccepts: Bool
        var testDescription: String { reason }
    }

    static let refusals: [Refusal] = [
        Refusal(bytes: Array(#"{"a":1,"a":2}"#.utf8), reason: "the key 'a' appears twice", lenientAccepts: true),
        Refusal(bytes: Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8), reason: "not valid UTF-8", lenientAccepts: true),
        Refusal(bytes: Array(#"{"a":"\n"#.utf8) + [0xFF] + Array(#""}"#.utf8), reason: "not valid UTF-8", lenientAccepts: true),
        Refusal(bytes: Array(#"{"n":1e999}"#.utf8), reason: "too large", lenientAccepts: true),
        Refusal(bytes: Array(String(repeating: "[", count: 300).utf8), reason: "nested too deeply", lenientAccepts: false),
        Refusal(bytes: Array(#"{"a":1"#.utf8), reason: "expected ',' or '}'", lenientAccepts: false),
        Refusal(bytes: Array(#"{"a":1} x"#.utf8), reason: "unexpected data after the document", lenientAccepts: false),
        Refusal(bytes: Array(#"{"a":1.}"#.utf8), reason: "bad number", lenientAccepts: false),
        Refusal(bytes: Array("{\"a\":\"\u{01}\"}".utf8), reason: "control character", lenientAccepts: false),
        Refusal(bytes: [], reason: "unexpected end of data", lenientAccepts: false),
        Refusal(bytes: Array(#"{"id":"a\ud800b"}"#.utf8), reason: "lone surrogate", lenientAccepts: true),
        Refusal(bytes: Array(#"{"id":"a\udc00"}"#.utf8), reason: "lone surrogate", lenientAccepts: true),
    ]

    @Test(arguments: refusals)
    func strictModeRefusesWithAReason(_ row: Refusal) {
        do {
            _ = try XAPIJSON.parse(Data(row.bytes))
            Issue.record("accepted: \(row.reason)")
        } catch {
            #expect(error.description.contains(row.reason), "\(error)")
        }
        #expect(((try? XAPIJSON.parse(Data(row.bytes), strict: false)) != nil) == row.lenientAccepts)
    }

    @Test func lenientModeKeepsTheLastOfARepeatedKeyAndReplacesBadUTF8() throws {
        #expect(try XAPIJSON.parse(Data(#"{"a":1,"a":2}"#.utf8), strict: false) == .object(["a": .number(2)]))
        let bad = Array(#"{"a":"x"#.utf8) + [0xFF] + Array(#""}"#.utf8)
        #expect(try XAPIJSON.parse(Data(bad), strict: false) == .object(["a": .string("x\u{FFFD}")]))
    }
}
