import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

/// edX catalog pages read straight from their bytes keep the mapper's lenient rules (a value of another shape reads as
/// absent, a repeated key keeps its last value) and the DRF paging contract.
@Suite struct EdXPageReaderTests {
    static func page(_ results: String, count: String = "1", next: String = "null") throws -> DRFPage<EdXElement> {
        try DRFPage.read(Data(#"{"count":\#(count),"previous":{"x":[1,{"y":null}]},"next":\#(next),"results":[\#(results)]}"#.utf8),
                         element: EdXElement.read)
    }

    static func item(_ result: String) throws -> CatalogItem? {
        try #require(try page(result).results?.first).flatMap(EdXMapper.item(from:))
    }

    @Test func mixedShapesMapAsTheyDidFromTheTree() throws {
        let item = try #require(try Self.item(#"""
        {"content_type":"course","key":"X+1","title":"T","full_description":"  ","short_description":"Short",
         "image_url":"","card_image_url":null,"image":{"src":"https://img/e.png","alt":"x"},
         "owners":["Bare",{"name":"MITx"},{"name":{"x":1}},{"name":"MITx"}],
         "subjects":["Math",{"name":"CS"},3,[1]],"skill_names":["a","",{"name":"no"},"b",7],
         "course_runs":[1,{"estimated_hours":"4","availability":"Archived","content_language":"fr"},
                        {"estimated_hours":2,"availability":"CURRENT","content_language":"en-us"}],
         "enrollment_url":"   ","marketing_url":"https://www.edx.org/x"}
        """#))
        #expect(item.providerId == "X+1")
        #expect(item.description == "Short", "a blank full description falls back to the short one")
        #expect(item.thumbnailURL == "https://img/e.png", "empty and null thumbnails fall through to image.src")
        #expect(item.authors == ["MITx"], "owners are objects with a name; bare texts and odd names are not owners")
        #expect(item.subjects == ["Math", "CS", "3"], "a subject is its name or its own text")
        #expect(item.skills == ["a", "b", "7"], "skills are non-empty texts; objects are not skills")
        #expect(item.languages == ["fr", "en-us"])
        #expect(item.durationSeconds == 2 * 3600, "the current run's estimate wins over an earlier run's")
        #expect(item.launchURL == "https://www.edx.org/x", "a blank enrollment URL falls back to the marketing page")
    }

    @Test func aRepeatedKeyKeepsItsLastValue() throws {
        let item = try #require(try Self.item(#"""
        {"content_type":"course","key":"first","key":"second","image":{"src":"https://img/a.png"},"image":"flat",
         "course_runs":[{"estimated_hours":3}],"course_runs":{"estimated_hours":9},"owners":[{"name":"A"}],"owners":null}
        """#))
        #expect(item.providerId == "second")
        #expect(item.thumbnailURL == nil, "the last `image` is a text, which has no src")
        #expect(item.durationSeconds == nil, "the last `course_runs` is not an array: no runs")
        #expect(item.authors.isEmpty)
    }

    /// Which results are courses, which are gone, which fail the page.
    @Test(arguments: [
        (#"{"content_type":"Course","key":"K"}"#, true, false, "K"),
        (#"{"content_type":"courserun","key":"K"}"#, false, false, "K"),
        (#"{"content_type":"program","key":"K"}"#, false, false, "K"),
        (#"{"content_type":"course","key":"K","active":"False"}"#, true, true, "K"),
        (#"{"content_type":"course","key":"K","active":true}"#, true, false, "K"),
        (#"{"content_type":"course","key":""}"#, true, false, nil),
        (#"{"content_type":"course","key":{"k":1}}"#, true, false, nil),
        (#""not an object""#, false, false, nil),
    ] as [(String, Bool, Bool, String?)])
    func courseActiveAndKey(result: String, isCourse: Bool, isInactive: Bool, key: String?) throws {
        let element = try #require(try Self.page(result).results?.first)
        #expect(EdXMapper.isCourse(element) == isCourse)
        #expect(EdXMapper.isInactive(element) == isInactive)
        #expect(EdXMapper.item(from: element)?.providerId == key)
    }

    @Test func pagingFieldsKeepTheirShape() throws {
        #expect(try Self.page("", next: "null").next == .null)
        #expect(try Self.page("", next: #""?page=2""#).next == .string("?page=2"))
        #expect(try Self.page("", next: #"{"page":2}"#).next == .object(["page": .number(2)]),
                "a next that is not a URL stays visible, so the client can refuse it")
        #expect(try Self.page("", count: #""3""#).count?.int == 3)
        let notArray = try DRFPage.read(Data(#"{"count":1,"results":{"a":1}}"#.utf8), element: EdXElement.read)
        #expect(notArray.results == nil)
    }

    @Test func malformedJSONInASkippedValueFailsThePage() {
        #expect(throws: JSONSyntaxError.self) {
            try DRFPage.read(Data(#"{"count":1,"facets":{"a":[1,,2]},"results":[]}"#.utf8), element: EdXElement.read)
        }
        #expect(throws: JSONSyntaxError.self) {
            try DRFPage.read(Data(#"{"count":1,"results":[{"key":"K","extra":tru}]}"#.utf8), element: EdXElement.read)
        }
    }
}
