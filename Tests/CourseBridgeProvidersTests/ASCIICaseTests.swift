import Foundation
import Testing
@testable import CourseBridgeCore
@testable import CourseBridgeProviders

/// The ASCII fast paths of the mappers give exactly what the general Unicode expressions give, for plain codes and
/// for odd ones (spaces, controls, non-ASCII letters, empty), so nothing stored changes.
@Suite struct ASCIICaseTests {
    static let inputs = ["en_US", "EN-us", "en", " fr_FR ", "\tde\n", "", " ", "PT_br", "Guided Project", "COURSE",
                         "professional certificate", "Beginner", " ADVANCED", "Inter mediate", "All Levels ",
                         "Ünïcode", "İstanbul", "straße", "ǅ", "zh_Hant\u{00A0}", "a\r\nb", "LINKED CONTENT", "x\u{0}y"]

    @Test(arguments: inputs)
    func languagesAndLevelsReadAsTheGeneralRuleReadsThem(text: String) {
        #expect(Normalize.language(text) == String(text.trimmed.lowercased().map { $0 == "_" ? "-" : $0 }))
        let general = text.trimmed.lowercased()
        let level = Normalize.difficulty(text)
        if general.isEmpty { #expect(level == nil) } else {
            #expect(level == ["introductory": "beginner", "basic": "beginner", "novice": "beginner", "expert": "advanced"][general] ?? general)
        }
    }

    @Test(arguments: inputs)
    func contentTypeFoldsMatchTheGeneralOnes(text: String) {
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        let lower = ASCIICase.lowercased(text, replacing: UInt8(ascii: " "), with: nil)
        let upper = ASCIICase.uppercased(text, replacing: UInt8(ascii: " "), with: UInt8(ascii: "_"))
        #expect((lower != nil) == ascii && (upper != nil) == ascii, "non-ASCII text falls back to the general rule")
        if let lower { #expect(lower == text.lowercased().replacingOccurrences(of: " ", with: "")) }
        if let upper { #expect(upper == String(text.uppercased().map { $0 == " " ? "_" : $0 })) }
    }

    /// Coursera's declared content types, in the shapes clients have seen, through the mapper.
    @Test(arguments: [("Course", "course"), ("COURSE", "course"), ("Guided Project", "course"), ("GuidedProject", "course"),
                      ("Professional Certificate", "program"), ("Specialization", "specialization"),
                      ("Spécialisation", "spécialisation"), ("", "")])
    func courseraContentTypes(declared: String, expected: String) throws {
        let json = #"{"contentId":"c1","contentType":"\#(declared)","name":"N"}"#
        let item = try #require(CourseraMapper.item(from: try ProviderJSON.parse(Data(json.utf8)), selected: []))
        #expect(item.contentType == expected)
    }
}
