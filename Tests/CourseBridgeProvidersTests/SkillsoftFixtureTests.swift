import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

/// The Percipio client against documented-shape fixtures (Tests/Fixtures/skillsoft, SOURCES.md there):
/// paging without `x-total-count` (finding S2) and the report polled through an empty body and
/// IN_PROGRESS (S1), with report statuses mapped by Core's table (S3).
@Suite struct SkillsoftFixtureTests {
    static let org = "0b3c5d7e-1111-4222-8333-944455556666"

    func source(_ t: ScriptedTransport, pageSize: Int = 2, sleeper: Sleeper = Sleeper { _ in }, maxWait: Double = 3_600) throws
        -> SkillsoftCatalogClient {
        var options = scriptedOptions(t, sleeper: sleeper, pageSize: pageSize)
        options.reportMaxWait = maxWait
        let source = try makeCatalogSource(provider: .skillsoft, apiBase: nil, tokenURL: nil,
                                           credentials: ["organization_id": Self.org, "bearer_token": "percipio-token-123",
                                                         "tenant_url": "https://api.percipio.test"], options: options)
        return try #require(source as? SkillsoftCatalogClient)
    }

    /// Catalog pages by offset: (body, headers) fixture names.
    static func catalog(_ pages: [Int: (String, String)]) throws -> ScriptedTransport {
        var responses: [Int: HTTPResponse] = [:]
        for (offset, page) in pages {
            responses[offset] = try FixtureFiles.response("skillsoft", page.0, headers: page.1, url: "https://api.percipio.test/x")
        }
        let served = responses
        return ScriptedTransport { request, _ in
            let offset = Int(query(request, "offset") ?? "0") ?? 0
            guard var response = served[offset] else { return json("[]", url: request.url) }
            response.url = request.url
            return response
        }
    }

    @Test func pagesWithoutATotalCountAreReadUntilTheLastLinkAndAShortPage() throws {
        let t = try Self.catalog([0: ("catalog-page1.json", "catalog-page1.headers"), 2: ("catalog-page2.json", "catalog-page2.headers"),
                                  4: ("catalog-page3-last-short.json", "catalog-page3-last-short.headers")])
        let (items, pages) = try readAll(try source(t))
        #expect(items.map(\.providerId) == (1...5).map { "11111111-0000-4000-8000-00000000000\($0)" })
        #expect(t.requests.count == 3, "no request after the short last page")
        #expect(t.requests.dropFirst().allSatisfy { query($0, "pagingRequestId") == "7f9d1c2e-aaaa-4bbb-8ccc-ddddeeeeffff" })
        #expect(query(t.requests[0], "pagingRequestId") == nil)
        #expect(pages.flatMap(\.warnings).isEmpty)
        #expect(items.map(\.contentType) == ["course", "book", "uncategorized", "audiobook", "assessment"])
    }

    @Test func aSinglePageNeedsNeitherPagingIdNorTotal() throws {
        let t = try Self.catalog([0: ("catalog-single-short-page.json", "catalog-single-short-page.headers")])
        let (items, pages) = try readAll(try source(t))
        #expect(items.count == 1 && t.requests.count == 1)
        #expect(pages.flatMap(\.warnings).isEmpty, "the paging id is only needed when more pages follow")
    }

    @Test func theOlderTotalCountHeaderIsStillHonoured() throws {
        let t = try Self.catalog([0: ("catalog-page1.json", "catalog-legacy-total.headers")])
        let (items, _) = try readAll(try source(t))
        #expect(items.count == 2 && t.requests.count == 1, "x-total-count 2 after a full page of 2: done")
    }

    // MARK: - Learning activity report

    /// POST → the request answer; polls → `polls` in order (the last one repeats).
    static func report(polls: [String]) throws -> ScriptedTransport {
        let created = try FixtureFiles.data("skillsoft", "report-request.json")
        let bodies = try polls.map { try FixtureFiles.data("skillsoft", $0) }
        final class Counter: @unchecked Sendable { var n = 0 }  // touched from the transport's serial calls only
        let counter = Counter()
        return ScriptedTransport { request, _ in
            if request.method == .post { return HTTPResponse(status: 202, body: created, url: request.url) }
            let body = bodies[min(counter.n, bodies.count - 1)]
            counter.n += 1
            return HTTPResponse(status: 200, body: body, url: request.url)
        }
    }

    @Test func theReportIsPolledThroughAnEmptyBodyAndInProgressWithBackoff() throws {
        let t = try Self.report(polls: ["report-poll-1-empty.json", "report-poll-2-in-progress.json", "report-poll-3-rows.json"])
        let sleeps = SleepRecorder()
        var waits: [Double] = []
        var rows: [SkillsoftReportRow] = []
        try source(t, sleeper: sleeps.sleeper).readLearningActivityReport(start: Date(timeIntervalSince1970: 0), end: Date(),
                                                                           onWait: { waits.append($0) }, onRows: { rows += $0 })
        #expect(sleeps.delays == [5, 10], "backoff doubles between polls")
        #expect(waits == [5, 15], "the wait so far, for the run's progress")
        #expect(t.requests.first?.url.hasSuffix("/reporting/v1/organizations/\(Self.org)/report-requests/learning-activity") == true)
        #expect(t.requests.last?.url.hasSuffix("/report-requests/5e6f7a8b-1234-4c5d-9e0f-a1b2c3d4e5f6") == true)
        #expect(rows.count == 7)
        let statuses = rows.map { SkillsoftStatus(report: $0.status) }
        #expect(statuses == [.completed, .completed, .completed, .completed, .completed, .started, .started])
        #expect(rows[0].completedDate == ISO8601DateFormatter().date(from: "2026-11-20T00:00:00Z"))
        #expect(rows.allSatisfy { $0.durationSeconds == 625 })
    }

    @Test func aReportStillBuildingAfterTheLongestWaitFailsWithAReason() throws {
        let t = try Self.report(polls: ["report-poll-2-in-progress.json"])
        let sleeps = SleepRecorder()
        let error = providerError {
            try source(t, sleeper: sleeps.sleeper, maxWait: 20).readLearningActivityReport(start: Date(), end: Date()) { _ in }
        }
        #expect(sleeps.delays == [5, 10, 5], "waits add up to the limit, no more")
        #expect(error?.description.contains("still being built") == true, "\(String(describing: error))")
    }

    @Test func aFailedReportFails() throws {
        let t = try Self.report(polls: ["report-poll-1-empty.json", "report-poll-failed.json"])
        let error = providerError { try source(t).readLearningActivityReport(start: Date(), end: Date()) { _ in } }
        #expect(error?.description.contains("FAILED") == true, "\(String(describing: error))")
    }
}
