import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

/// `at("a.b.c")` is read for every field of every catalog item; these pin what it answers.
struct ProviderJSONPathTests {
    let element = try! ProviderJSON.page(Data(#"""
        {"urn":"urn:li:lyndaCourse:1","title":{"value":"Swift"},
         "details":{"description":{"value":"About"},"shortDescription":{"value":"Short"},"level":"BEGINNER",
                    "timeToComplete":{"duration":90,"unit":"MINUTE"},"list":[1,2]}}
        """#.utf8))

    @Test func followsDottedPathsOfAnyLength() {
        #expect(element.at("urn")?.string == "urn:li:lyndaCourse:1")
        #expect(element.at("title.value")?.string == "Swift")
        #expect(element.at("details.description.value")?.string == "About")
        // Keys longer than a small (inline) string.
        #expect(element.at("details.shortDescription.value")?.string == "Short")
        #expect(element.at("details.timeToComplete.duration")?.int == 90)
    }

    @Test func answersNilForMissingPartsAndNonObjects() {
        #expect(element.at("details.missing.value") == nil)
        #expect(element.at("nothing") == nil)
        #expect(element.at("details.level.value") == nil)   // a string has no members
        #expect(element.at("details.list.0") == nil)        // nor does an array
        #expect(ProviderJSON.string("x").at("a") == nil)
    }
}
