import CourseBridgeCore
import CourseBridgeData
import Dispatch
import Foundation
import Synchronization
import Testing
@testable import CourseBridgePostgres

/// Needs no server: when the background refresh starts, and that there is never more than one.
struct SearchCatchUpRuleTests {
    @Test func aRefreshStartsAtTheThresholdAndNeverTwoAtOnce() {
        let calls = Mutex(0)
        let release = DispatchSemaphore(value: 0)
        let catchUp = SearchCatchUp(threshold: 10) {
            calls.withLock { $0 += 1 }
            release.wait()
        }
        catchUp.noted(4)
        catchUp.noted(0)
        #expect(calls.withLock { $0 } == 0, "below the threshold: nothing runs")
        catchUp.noted(6)
        while calls.withLock({ $0 }) == 0 { usleep(1_000) }
        catchUp.noted(25)
        usleep(50_000)
        #expect(calls.withLock { $0 } == 1, "notes during a refresh wait for it to end")
        release.signal()
        catchUp.waitForBackground()
        catchUp.noted(1)
        release.signal()
        catchUp.waitForBackground()
        #expect(calls.withLock { $0 } == 2, "the notes made during the first refresh start the next")
    }
}

@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct SearchCatchUpTests {
    /// A long sync's pages are indexed while it runs: after 6,000 new courses the index has caught up on at least
    /// the first 5,000 with no refresh asked for, and what it indexed is found.
    @Test func pagesAreIndexedWhileASyncGoesOn() throws {
        try TwoInstances.with(schemaPrefix: "cbcatchup_", now: Date(timeIntervalSince1970: 1_800_000_000)) { store, _, integrationId in
            let integration = try store.integration(id: integrationId)
            for page in 0..<3 {
                var writes = PageWrites()
                writes.create((0..<2_000).map { n in
                    CatalogItem(providerId: "urn:li:lyndaCourse:\(page)-\(n)", title: "Course \(page)-\(n)",
                                description: page == 0 && n == 7 ? "Watercolour painting for beginners" : "Something else")
                }, tagSync: false)
                try store.apply(writes, integration: integration, groups: [1], runId: nil)
            }
            store.searchCatchUp.waitForBackground()
            let indexed = try #require(try store.pool.query("SELECT count(*) FROM course_search").first?.decode(index: 0, as: Int64.self))
            #expect(indexed >= 5_000, "indexed in the background: \(indexed)")
            #expect(try store.refreshSearchIndex() == 6_000 - Int(indexed), "the end of the sync indexes only the rest")
            let found = try store.searchCourses("watercolour", CourseQuery())
            #expect(found.map(\.providerId) == ["urn:li:lyndaCourse:0-7"])
        }
    }
}
