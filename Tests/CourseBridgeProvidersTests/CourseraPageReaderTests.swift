import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

/// Coursera `contents` pages read straight from their bytes keep the mapper's lenient rules and the paging contract.
@Suite struct CourseraPageReaderTests {
    static func page(_ elements: String, paging: String = #"{"total":1}"#) throws -> CourseraPage<CourseraElement> {
        try CourseraPage.read(Data(#"{"elements":[\#(elements)],"linked":{"x":[1,{"y":null}]},"paging":\#(paging)}"#.utf8),
                              element: CourseraElement.read)
    }

    @Test func mixedShapesMapAsTheyDidFromTheTree() throws {
        let read = try Self.page(#"""
        {"id":"Course~abc","name":"ML","instructors":["Ann",{"name":"Bob"},{"name":{"x":1}},3],"partners":[{"name":"Uni"}],
         "partnerNames":["","Uni","Lab"],"skills":["Older"],"photoUrl":"https://img/p.png",
         "extraMetadata":{"definition":{"promoPhoto":"  ","estimatedLearningTime":5400,"skills":[{"skillName":"ML"},"Stats",{"name":"x"}]}},
         "programs":[{"programId":"p1"},{"programId":"p2","contentUrl":"https://c/p2"},{"contentUrl":"https://c/none"}],
         "lastUpdatedAt":1700000000}
        """#)
        let element = try #require(read.elements?.first)
        let item = try #require(CourseraMapper.item(from: element, selected: []))
        #expect(item.providerId == "abc", "the part of id after ~ when contentId is absent")
        #expect(item.contentType == ContentType.course)
        #expect(item.authors == ["Ann", "Bob", "3", "Uni", "Lab"])
        #expect(item.skills == ["ML", "Stats"], "the definition's skills win over the older list")
        #expect(item.thumbnailURL == "https://img/p.png", "a blank promo photo falls back to photoUrl")
        #expect(item.durationSeconds == 5400)
        #expect(item.programIds == ["p1", "p2"])
        #expect(item.launchURL == "https://c/p2")
        #expect(item.lastUpdatedAt == Date(timeIntervalSince1970: 1_700_000_000))
    }

    @Test func pagingNextKeepsItsShape() throws {
        #expect(try Self.page("", paging: #"{"next":null}"#).next == .null)
        #expect(try Self.page("", paging: #"{"total":"3"}"#).next == nil)
        #expect(try Self.page("", paging: #"{"next":{"start":5}}"#).next == .object(["start": .number(5)]),
                "a next that is not a position stays visible, so the client can refuse it")
        #expect(try Self.page("", paging: #"{"total":"3"}"#).total?.int == 3)
        #expect(try Self.page("", paging: #"[1]"#).next == nil)
    }
}
