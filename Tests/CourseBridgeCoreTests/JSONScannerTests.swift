import CourseBridgeCore
import Foundation
import Testing

/// The pull scanner that reads provider pages straight into their known fields.
@Suite("JSON scanner")
struct JSONScannerTests {
    /// Reads `a`, `b.c` and the `v` of each element of `list`, leaving every other member to be skipped.
    struct Picked: Equatable {
        var a: XAPIJSON?
        var c: XAPIJSON?
        var vs: [XAPIJSON?] = []
        var isObject = false
    }

    static func pick(_ text: String) throws(JSONSyntaxError) -> Picked {
        try JSONScanner.read(Data(text.utf8)) { scanner throws(JSONSyntaxError) in
            var p = Picked()
            let isObject = try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                switch key {
                case "a": p.a = try scanner.scalar()
                case "b": p.c = try scanner.scalarMember("c")
                case "list":
                    p.vs = []
                    try scanner.forEachElement { scanner throws(JSONSyntaxError) in p.vs.append(try scanner.scalarMember("v")) }
                default: break
                }
            }
            p.isObject = isObject
            return p
        }
    }

    @Test func readsTheKnownPathsAndSkipsEverythingElse() throws {
        let text = #"""
        {"skip":{"deep":[1,{"x":"\"}\\"},[],{}],"n":-1.5e3,"t":true,"f":false,"z":null},
         "a":"Swift \u00e9","b":{"other":[{"c":"no"}],"c":42},"list":[{"v":"one"},{"w":1},7,{"v":{"nested":1}}],"tail":"\ud83d\ude00"}
        """#
        let p = try Self.pick(text)
        #expect(p.a == .string("Swift é"))
        #expect(p.c == .number(42), "only b's own c, not one inside a skipped value")
        #expect(p.vs == [.string("one"), nil, nil, nil], "a missing member, a non-object and a container all read as nil")
        #expect(p.isObject)
    }

    @Test func aRepeatedMemberKeepsItsLastValueAndEscapedKeysMatch() throws {
        let p = try Self.pick(#"{"a":"first","b":{"c":1},"\u0061":"last","b":"not an object"}"#)
        #expect(p.a == .string("last"))
        #expect(p.c == nil, "the last b is not an object, as the tree would have it")
    }

    @Test func aDocumentOfAnotherShapeReadsAsNothing() throws {
        #expect(try Self.pick(#"[{"a":1}]"#) == Picked())
        #expect(try Self.pick(#""text""#) == Picked())
        #expect(try Self.pick(#"{"a":{"x":1},"b":[1]}"#) == Picked(isObject: true))
    }

    /// Skipping checks syntax exactly as the lenient parser does: a page the tree refuses, the scanner refuses.
    static let documents: [String] = [
        #"{}"#, #"[]"#, #"  {"a" : [ 1 , 2 ] }  "#, #"{"a":"\/\b\f\n\r\t\u00FF"}"#, #"{"a":"\ud800"}"#, #"{"a":1e999}"#,
        #"{"a":-0.5E+2}"#, "", " ", #"{"a":[1,2,]}"#, #"{"a":1,}"#, #"{,"a":1}"#, #"{"a" 1}"#, #"{"a":tru}"#, #"{"a":nul}"#,
        #"{"a":1} x"#, #"{"a":"x\q"}"#, #"{"a":"\u12"}"#, #"{"a":"\u12G4"}"#, "{\"a\":\"x\ny\"}", #"{"a":"open}"#,
        #"{"a":[}"#, #"{"a":{]}"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":-}"#, #"{1:2}"#, #"{"a":[1 2]}"#, #"{"a":"x"#,
        #"{"a":+1}"#, #"{"a":.5}"#, #"{"b":{"c":[{"d":"\\"}]}}"#,
        String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
        String(repeating: "[", count: 200) + String(repeating: "]", count: 200),
    ]

    @Test(arguments: documents)
    func skippingAcceptsWhatTheTreeAccepts(_ text: String) {
        let data = Data(text.utf8)
        let tree = (try? XAPIJSON.parse(data, strict: false)) != nil
        let skipped = (try? JSONScanner.read(data) { scanner throws(JSONSyntaxError) in try scanner.skipValue() }) != nil
        let picked = (try? Self.pick(text)) != nil
        #expect(skipped == tree)
        #expect(picked == tree)
    }
}
