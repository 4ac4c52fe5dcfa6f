import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import CourseBridgeTestSupport
import Foundation
import Testing

/// `courses --search`: FTS5 over title, description, tags and skills, ranked by bm25, on a generated catalog.
struct PlatformSearchTests {
    /// 400 filler courses plus a few whose words are placed on purpose: where a word sits decides the rank.
    static func catalog() throws -> PlatformFixture {
        let f = try PlatformFixture()
        var page = PageWrites()
        let topics = ["Excel", "Negotiation", "Photography", "Accounting", "Marketing"]
        for n in 0..<400 {
            page.create(CatalogItem(providerId: "gen-\(n)", title: "\(topics[n % topics.count]) Essentials \(n)",
                                            description: "Practical skills for everyday work, part \(n).", categories: ["General"]), tagSync: true)
        }
        page.create([
            CatalogItem(providerId: "rank-desc", title: "Team Rituals", description: "Includes a short section on zeppelin design."),
            CatalogItem(providerId: "rank-title", title: "Zeppelin Design Basics", description: "Airships from the ground up."),
            CatalogItem(providerId: "rank-tag", title: "Airship History", description: "A century of flight.", categories: ["Zeppelin"]),
            CatalogItem(providerId: "accents", title: "Rédiger un résumé", description: "Écrire clairement."),
        ], tagSync: true)
        try f.store.apply(page, integration: f.integration, groups: [1], runId: nil)
        return f
    }

    static func id(_ f: PlatformFixture, _ providerId: String) throws -> Int64 {
        try #require(try f.store.knownCourses(provider: .linkedin)[providerId]?.courseId)
    }

    @Test func aTitleMatchRanksAboveATagMatchAboveADescriptionMatch() throws {
        let f = try Self.catalog()
        let found = try f.store.searchCourses("zeppelin").map(\.id)
        #expect(found == [try Self.id(f, "rank-title"), try Self.id(f, "rank-tag"), try Self.id(f, "rank-desc")])
    }

    @Test func everyWordMustMatchAndTheLastOneMayBeAPrefix() throws {
        let f = try Self.catalog()
        #expect(try f.store.searchCourses("zeppelin design").map(\.id) == [try Self.id(f, "rank-title"), try Self.id(f, "rank-desc")])
        #expect(try f.store.searchCourses("zeppelin desig").count == 2, "typing the last word")
        #expect(try f.store.searchCourses("photography 37 essentials").count == 1, "course 37 is Photography (37 % 5 = 2)")
        #expect(try f.store.searchCourses("negotiation 37 essentials").isEmpty)
        #expect(try f.store.searchCourses("accounting", CourseQuery(limit: 10)).count == 10)
        #expect(try f.store.searchCourses("accounting").count == 80)
    }

    @Test func skillsAndManualTagsAreSearchable() throws {
        let f = try Self.catalog()
        try f.store.addSkill(courseId: 2, skill: "Servant leadership")
        try f.store.addManualTag(courseId: 3, tag: "Quarterly Planning")
        #expect(try f.store.searchCourses("servant").map(\.id) == [2])
        #expect(try f.store.searchCourses("quarterly planning").map(\.id) == [3])
        try f.store.removeSkill(courseId: 2, skill: "Servant leadership")
        #expect(try f.store.searchCourses("servant").isEmpty)
    }

    @Test func stemmingAndAccentsFindWhatPeopleMean() throws {
        let f = try Self.catalog()
        #expect(try f.store.searchCourses("leaders").map(\.id) == [2], "Leadership … for new managers: porter stems")
        #expect(try f.store.searchCourses("resume").map(\.id) == [try Self.id(f, "accents")])
    }

    @Test func statusAndIntegrationFilterTheResults() throws {
        let f = try Self.catalog()
        let title = try Self.id(f, "rank-title")
        try f.store.archiveCourses([title])
        #expect(try f.store.searchCourses("zeppelin", CourseQuery(status: .active)).count == 2)
        #expect(try f.store.searchCourses("zeppelin", CourseQuery(status: .archived)).map(\.id) == [title])
        #expect(try f.store.searchCourses("zeppelin", CourseQuery(integrationId: f.integration.id)).count == 3)
    }

    @Test(arguments: ["c++ AND OR", "NEAR(a b)", "\"unbalanced", "title:excel", "*", "-excel", "excel^"])
    func searchSyntaxFromPeopleIsNeverAnSQLiteError(text: String) throws {
        let f = try Self.catalog()
        let outcome = Result { () throws(StoreError) -> [Course] in try f.store.searchCourses(text) }
        if case .failure(let error) = outcome {
            #expect(error.description.contains("has no words"), "\(error)")
        }
    }

    @Test func noWordsIsAClearError() throws {
        let f = try Self.catalog()
        #expect(throws: StoreError.invalid("the search text '  ?! ' has no words; give at least one, e.g. --search leadership")) {
            try f.store.searchCourses("  ?! ")
        }
    }

    /// Writes only note the courses to re-index; the index catches up once, in bulk, before the next search.
    @Test func theIndexCatchesUpOnceAfterASyncPage() throws {
        let f = try PlatformFixture()
        #expect(try f.store.refreshSearchIndex() == 3, "the fixture's three synced courses")
        #expect(try f.store.refreshSearchIndex() == 0)
        try f.store.addManualTag(courseId: 1, tag: "Onboarding")
        try f.store.addSkill(courseId: 1, skill: "Helm")
        #expect(try f.store.refreshSearchIndex() == 1, "one course, noted once")
        #expect(try f.store.searchCourses("onboarding helm").map(\.id) == [1])
    }

    /// New courses are found by the high-water mark (no per-course note); tags written with them note nothing
    /// more, while a tag added to an already indexed course notes it.
    @Test(.enabled(if: TestBackend.current == .sqlite, "writes with SQLite's SQL"))
    func coursesWrittenAfterASearchAreFoundByTheNext() throws {
        let f = try PlatformFixture()
        #expect(try f.store.searchCourses("kubernetes").map(\.id) == [1])
        var page = PageWrites()
        page.create([CatalogItem(providerId: "li-9", title: "Terraform Foundations", description: "Infrastructure as code.",
                                    categories: ["Cloud Computing", "DevOps"])], tagSync: true)
        page.updated = [(1, CatalogItem(providerId: "li-1", title: "Kubernetes Essential Training", description: "x"),
                         CourseChanges(metadata: false, reactivated: false, tagsToAdd: ["Containers"], tagsToRemove: []))]
        try f.store.apply(page, integration: f.integration, groups: [1], runId: nil)
        try #require(f.store as? Store).write { db in try db.execute(sql: "UPDATE course SET title = 'Terraform Foundations, 2nd edition' WHERE provider_id = 'li-9'") }
        #expect(try f.store.refreshSearchIndex() == 2, "the new course above the mark (also noted by its title change) and course 1, each once")
        #expect(try f.store.searchCourses("terraform devops").count == 1)
        #expect(try f.store.searchCourses("containers").map(\.id) == [1])
        #expect(try f.store.refreshSearchIndex() == 0)
    }

    /// SQLite hands a deleted highest id to the next course: the delete is noted, so the index never keeps the
    /// old course's words under the new course's id, whether or not the index caught up in between.
    @Test(.enabled(if: TestBackend.current == .sqlite, "SQLite reuses a deleted highest id; PostgreSQL's sequences never do"),
          arguments: [false, true])
    func aReusedCourseIdIsIndexedWithItsNewWords(refreshBetween: Bool) throws {
        let f = try PlatformFixture()
        #expect(try f.store.searchCourses("excel").map(\.id) == [3])
        try #require(f.store as? Store).write { db in try db.execute(sql: "DELETE FROM course WHERE id = 3") }
        if refreshBetween { #expect(try f.store.searchCourses("excel").isEmpty) }
        var page = PageWrites()
        page.create([CatalogItem(providerId: "li-10", title: "Watercolour Painting", description: "Brushes and paper.")], tagSync: true)
        try f.store.apply(page, integration: f.integration, groups: [1], runId: nil)
        #expect(try Self.id(f, "li-10") == 3, "the id came back")
        #expect(try f.store.searchCourses("excel").isEmpty)
        #expect(try f.store.searchCourses("watercolour").map(\.id) == [3])
    }

    @Test func theScanBaselineFindsTheSameCourses() throws {
        let f = try Self.catalog()
        let fts = Set(try f.store.searchCourses("zeppelin").map(\.id))
        let scan = Set(try f.store.searchCoursesByScan("zeppelin", limit: 100).map(\.id))
        #expect(fts == scan && fts.count == 3)
    }
}
