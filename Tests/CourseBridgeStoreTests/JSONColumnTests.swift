import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeStore

/// List columns (authors, subjects, languages) are written as JSON text without building a JSON value: the same
/// text as before, so columns written by older versions and new ones read alike.
struct JSONColumnTests {
    @Test(arguments: [
        [], [""], ["Ada Lovelace"], ["en", "pt-br", "fr"], ["say \"hi\"", "back\\slash", "tab\tand\nnewline\r"],
        ["\u{01}\u{1f} control", "Zoë Ångström", "日本語", "emoji 🧑🏽‍💻", "/slash/ and ' quote"],
    ])
    func aListIsWrittenAsItsCanonicalJSONTextAndReadBack(values: [String]) {
        let text = JSONColumn.encode(values)
        #expect(text == XAPIJSON.array(values.map { .string($0) }).canonicalText)
        #expect(JSONColumn.decode(text) == values)
    }
}
