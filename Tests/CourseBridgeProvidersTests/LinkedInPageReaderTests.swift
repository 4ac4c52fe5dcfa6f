import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

/// The LinkedIn page read straight from its bytes keeps the mapper's lenient rules: each field is what the path
/// would give in a parsed tree (missing or of another shape → nil), so odd elements map as they always did.
@Suite struct LinkedInPageReaderTests {
    static func page(_ elements: String, paging: String = #"{"total":1,"links":[]}"#) -> Data {
        Data(#"{"paging":\#(paging),"unknown":[{"deep":[null,true,1.5e2,"\u00e9"]}],"elements":[\#(elements)]}"#.utf8)
    }

    static func item(_ element: String) throws -> CatalogItem {
        let read = try LinkedInPageReader.read(page(element))
        let element = try #require(read.elements?.first)
        return try #require(LinkedInItemMapper.item(from: element, sourceLocale: "de_DE"))
    }

    @Test func fieldsOfAnotherShapeReadAsAbsent() throws {
        let item = try Self.item(#"""
        {"urn":563,"type":"course","title":"not an object",
         "details":{"description":{"value":{"nested":1}},"shortDescription":{"value":"Short"},"images":"none",
           "timeToComplete":{"duration":"90","unit":"minutes"},"level":["BEGINNER"],"lastUpdatedAt":"1700000000000",
           "availableLocales":[{"language":"fr"},{"language":""},"x",{"language":"en","country":"GB"}],
           "urls":{"webLaunch":null,"ssoLaunch":"https://sso"}}}
        """#)
        #expect(item.providerId == "563", "a numeric urn reads as its digits")
        #expect(item.contentType == ContentType.course)
        #expect(item.title == "")
        #expect(item.description == "Short", "a description that is not text falls back to the short one")
        #expect(item.thumbnailURL == nil)
        #expect(item.durationSeconds == 5400)
        #expect(item.difficulty == nil)
        #expect(item.lastUpdatedAt == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(item.languages == ["fr", "en-gb"])
        #expect(item.launchURL == "https://sso")
    }

    @Test func contributorsAndClassificationsKeepTheirRules() throws {
        let item = try Self.item(#"""
        {"urn":"urn:li:lyndaCourse:1","details":{
          "contributors":["x",{"name":{"value":"Ada"}},{"name":"flat"},{"contributionType":"PUBLISHER","name":{"value":"LinkedIn"}},
                          {"contributionType":"author","name":{"value":"Alan"}},{"name":{"value":"Ada"}}],
          "classifications":[{"type":"SKILL","name":{"value":"Own"}},{"associatedClassification":null,"type":"SKILL","name":{"value":"Hidden"}},
                             5,{"associatedClassification":{"type":"topic","name":{"value":"Swift"}},"type":"SKILL"},
                             {"associatedClassification":{"type":"SUBJECT","name":{"value":""}}}]}}
        """#)
        #expect(item.authors == ["Ada", "Alan"])
        #expect(item.skills == ["Own"])
        #expect(item.categories == ["Swift"])
        #expect(item.subjects == [])
        #expect(item.languages == ["de-de"], "no availableLocales: the listing's locale")
    }

    @Test func aRepeatedMemberKeepsItsLastValue() throws {
        let item = try Self.item(#"""
        {"urn":"a","urn":"b","details":{"availability":"RETIRED","level":"ADVANCED"},"details":{"publishedAt":1000},
         "title":{"value":"One"},"title":{"locale":{}}}
        """#)
        #expect(item.providerId == "b")
        #expect(item.isRetired == false && item.difficulty == nil, "the first details object is replaced, not merged")
        #expect(item.lastUpdatedAt == Date(timeIntervalSince1970: 1))
        #expect(item.title == "")
    }

    @Test func pagingIsReadFromTheSameBytes() throws {
        let read = try LinkedInPageReader.read(Self.page(#"{"urn":"u"}"#, paging:
            #"{"total":"12","links":[{"rel":"prev","href":"/a"},"junk",{"rel":"Next","href":"/b"},{"rel":"next","href":"/c"}]}"#))
        #expect(read.hasPaging)
        #expect(read.total?.int == 12)
        #expect(read.nextHref == "/b")
        #expect(read.elements?.count == 1)
    }

    @Test(arguments: [#"[]"#, #"{"elements":{},"paging":{}}"#, #"{"elements":[],"paging":[]}"#])
    func aPageOfAnotherShapeHasNoElementsOrNoPaging(_ text: String) throws {
        let read = try LinkedInPageReader.read(Data(text.utf8))
        #expect(read.elements == nil || !read.hasPaging)
    }

    @Test func malformedJSONInASkippedMemberFailsThePage() {
        #expect(throws: JSONSyntaxError.self) { try LinkedInPageReader.read(Data(#"{"elements":[],"paging":{},"junk":[1,,2]}"#.utf8)) }
    }
}
