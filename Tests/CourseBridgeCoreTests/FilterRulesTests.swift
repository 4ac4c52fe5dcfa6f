import Foundation
import Testing
@testable import CourseBridgeCore

struct FilterRulesTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let rule: String
        let languages: [String]
        let type: String
        let filter: CatalogFilter
        let included: Bool
        var testDescription: String { rule }
    }

    static let rows: [Row] = [
        Row(rule: "no filter: all content is included", languages: ["ja"], type: "book", filter: CatalogFilter(), included: true),
        Row(rule: "en matches en-US", languages: ["en-US"], type: "course", filter: CatalogFilter(languages: ["en"]), included: true),
        Row(rule: "EN_us matches en (case-insensitive)", languages: ["en"], type: "course", filter: CatalogFilter(languages: ["EN_us"]), included: true),
        Row(rule: "pt-BR does not match pt-PT", languages: ["pt-pt"], type: "course", filter: CatalogFilter(languages: ["pt-BR"]), included: false),
        Row(rule: "multiple languages: OR", languages: ["fr"], type: "course", filter: CatalogFilter(languages: ["en", "fr"]), included: true),
        Row(rule: "language not selected", languages: ["de"], type: "course", filter: CatalogFilter(languages: ["en", "fr"]), included: false),
        Row(rule: "any of the item's languages may match", languages: ["de", "fr"], type: "course", filter: CatalogFilter(languages: ["fr"]), included: true),
        Row(rule: "an item without language fails a language filter", languages: [], type: "course", filter: CatalogFilter(languages: ["en"]), included: false),
        Row(rule: "multiple content types: OR", languages: ["en"], type: "book", filter: CatalogFilter(contentTypes: ["course", "book"]), included: true),
        Row(rule: "content type spelled as Percipio does", languages: ["en"], type: "linked-content", filter: CatalogFilter(contentTypes: ["LINKED_CONTENT"]), included: true),
        Row(rule: "language + content type: AND, both match", languages: ["en"], type: "book", filter: CatalogFilter(languages: ["en"], contentTypes: ["book"]), included: true),
        Row(rule: "language + content type: AND, type fails", languages: ["en"], type: "audiobook", filter: CatalogFilter(languages: ["en"], contentTypes: ["book"]), included: false),
        Row(rule: "language + content type: AND, language fails", languages: ["es"], type: "book", filter: CatalogFilter(languages: ["en"], contentTypes: ["book"]), included: false),
    ]

    @Test(arguments: rows)
    func filterMatching(_ row: Row) {
        let item = CatalogItem(providerId: "x", contentType: row.type, title: "x", languages: row.languages)
        #expect(FilterRules.matches(item, filter: row.filter) == row.included)
    }

    @Test func archiveImpactListsOnlyActiveCoursesThatNoLongerMatch() {
        func course(_ id: String, _ lang: String, _ status: CourseStatus = .active) -> Course {
            Course(integrationId: 1, provider: .linkedin, providerId: id, title: id, languages: [lang], status: status)
        }
        let courses = [course("en1", "en"), course("fr1", "fr"), course("de1", "de"), course("fr-old", "fr", .archived)]
        let impact = FilterRules.archiveImpact(courses: courses, filter: CatalogFilter(languages: ["en", "de"]))
        #expect(impact.map(\.providerId) == ["fr1"])
        #expect(FilterRules.archiveImpact(courses: courses, filter: CatalogFilter()).isEmpty)
    }
}
