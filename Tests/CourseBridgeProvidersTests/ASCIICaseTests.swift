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

/// Percipio durations: the byte path reads every odd shape as the general one did (kept here as the reference).
@Suite struct ISODurationShapesTests {
    static func reference(_ text: String?) -> Int? {
        guard let text = text?.uppercased(), text.hasPrefix("P") else { return nil }
        var total = 0.0, number = "", inTime = false, sawUnit = false
        for ch in text.dropFirst() {
            if ch == "T" { inTime = true; continue }
            if ch.isNumber || ch == "." || ch == "," { number.append(ch == "," ? "." : ch); continue }
            guard let value = Double(number) else { return nil }
            number = ""
            sawUnit = true
            switch (ch, inTime) {
            case ("W", false): total += value * 604_800
            case ("D", false): total += value * 86_400
            case ("H", true): total += value * 3600
            case ("M", true): total += value * 60
            case ("S", true): total += value
            default: return nil
            }
        }
        return sawUnit && number.isEmpty ? Int(total.rounded()) : nil
    }

    @Test(arguments: [nil, "", "P", "p", "PT", "pt1h2m30s", "PT1H2M30S", "PT45,5S", "PT.5S", "PT1.2.3S", "P1W", "P2D", "P1DT2H",
                      "P1H", "PT1D", "PT1H ", " PT1H", "PT1H\r\n", "PTXS", "PT1e3S", "PT٣S", "PT1HÉ", "ṔT1H", "P\u{301}T1H",
                      "PT1H1H", "X"] as [String?])
    func bytesReadAsTheCharacterRuleDid(text: String?) {
        #expect(ValueParsing.isoDurationSeconds(text) == Self.reference(text))
    }
}
