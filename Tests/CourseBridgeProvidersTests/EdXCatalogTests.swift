import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

@Suite struct EdXCatalogTests {
    static let course = #"""
    {"content_type":"course","key":"MITx+6.00.1x","uuid":"u-1","title":"Intro to CS",
     "short_description":"<p>Short</p>","full_description":"<p>Full</p>","image":{"src":"https://img/e.png"},
     "owners":[{"name":"MITx"}],"level_type":"Introductory","subjects":[{"name":"Computer Science"}],
     "modified":"2024-01-02T03:04:05.123456Z",
     "course_runs":[{"key":"course-v1:MITx+6.00.1x+2T2024","content_language":"en-us","estimated_hours":12,"availability":"Current","status":"published"}],
     "marketing_url":"https://www.edx.org/course/intro-cs"}
    """#

    /// A result without the enterprise fields: thumbnail from `image.src`, launch from `marketing_url`.
    @Test func courseMapsEveryField() throws {
        let item = try #require(EdXMapper.item(from: try ProviderJSON.parse(Data(Self.course.utf8))))
        #expect(item.providerId == "MITx+6.00.1x")
        #expect(item.description == "<p>Full</p>")
        #expect(item.thumbnailURL == "https://img/e.png")
        #expect(item.authors == ["MITx"])
        #expect(item.difficulty == "beginner")
        #expect(item.subjects == ["Computer Science"])
        #expect(item.languages == ["en-us"])
        #expect(item.durationSeconds == 12 * 3600)
        #expect(item.launchURL == "https://www.edx.org/course/intro-cs")
        #expect(item.lastUpdatedAt != nil)
    }

    /// The older learner-progress names are still read where the learner summary lacks its own.
    @Test func olderProgressRowNamesStillMapCompletion() throws {
        let text = #"{"lms_user_email":"x@y.test","course_key":"MITx+6.00.1x","is_passed":true,"completed_date":"2024-02-01T00:00:00Z","last_activity_date":"2024-02-01T00:00:00Z","progress_status":"Passed"}"#
        let r = try #require(EdXMapper.activity(from: try ProviderJSON.parse(Data(text.utf8))))
        #expect(r.isCompleted && r.email == "x@y.test" && r.completedAt == Date(timeIntervalSince1970: 1_706_745_600))
    }

    /// Two catalogs; the first is paged with an absolute then a relative `next`, and holds
    /// a courserun and a program that must be skipped.
    static func transport(countOverride: Int? = nil) -> ScriptedTransport {
        ScriptedTransport { request, _ in
            let p = path(request)
            if p.hasSuffix("/access_token") { return json(#"{"access_token":"jwt-1","token_type":"JWT","expires_in":"36000"}"#) }
            if p.hasSuffix("enterprise-catalogs") {
                return json(#"{"count":2,"next":null,"previous":null,"results":[{"uuid":"cat-a","enterprise_customer":"ent-1"},{"uuid":"cat-b"}]}"#)
            }
            let page = Int(query(request, "page") ?? "1")!
            func result(_ key: String, _ type: String = "course") -> String { #"{"content_type":"\#(type)","key":"\#(key)","title":"T"}"# }
            let body: String
            switch (p.contains("cat-a"), page) {
            case (true, 1):
                body = #"{"count":\#(countOverride ?? 5),"next":"https://api.example.test/enterprise/v2/enterprise-catalogs/cat-a/?limit=2&page=2","results":[\#(result("A1")),\#(result("A1+run", "courserun"))]}"#
            case (true, 2):
                body = #"{"count":\#(countOverride ?? 5),"next":"?limit=2&page=3","results":[\#(result("A2")),\#(result("P", "program"))]}"#
            case (true, _):
                body = #"{"count":\#(countOverride ?? 5),"next":null,"results":[\#(result("B1"))]}"#
            default:
                body = #"{"count":2,"next":null,"results":[\#(result("B1")),\#(result("B2"))]}"#
            }
            return json(body, url: request.url)
        }
    }

    func source(_ t: ScriptedTransport) throws -> CatalogSource {
        try makeCatalogSource(provider: .edx, apiBase: "https://api.example.test", tokenURL: "https://api.example.test/oauth2/v1/access_token",
                              credentials: ["client_id": "e", "client_secret": "edx-secret"], options: scriptedOptions(t, pageSize: 2))
    }

    @Test func allCatalogsAreReadFollowingAbsoluteAndRelativeNextLinks() throws {
        let t = Self.transport()
        let (items, pages) = try readAll(try source(t))
        #expect(items.map(\.providerId) == ["A1", "A2", "B1", "B2"])
        #expect(pages.count == 4)
        let token = String(decoding: t.requests[0].body ?? Data(), as: UTF8.self)
        #expect(token.contains("token_type=jwt"))
        #expect(t.requests.dropFirst().allSatisfy { r in r.headers.contains { $0.value == "JWT jwt-1" } })
    }

    @Test func aCountThatDoesNotAddUpFailsTheListing() throws {
        guard case .pagingContractBroken = providerError({ _ = try readAll(try source(Self.transport(countOverride: 9))) })?.kind else {
            Issue.record("expected pagingContractBroken")
            return
        }
    }

    @Test func drfDetailIsShownInErrors() throws {
        let t = ScriptedTransport { request, _ in
            path(request).hasSuffix("/access_token") ? json(tokenBody) : json(#"{"detail":"You do not have permission."}"#, status: 403)
        }
        let error = try #require(providerError { _ = try readAll(try source(t)) })
        #expect(error.description.contains("You do not have permission."))
    }

    /// One catalog whose page is `body`: what the listing makes of a page the reader cannot accept.
    func listing(ofPage body: String) -> ProviderError? {
        let t = ScriptedTransport { request, _ in
            let p = path(request)
            if p.hasSuffix("/access_token") { return json(tokenBody) }
            if p.hasSuffix("enterprise-catalogs") { return json(#"{"count":1,"next":"","results":[{"uuid":"cat-a"}]}"#) }
            return json(body, url: request.url)
        }
        return providerError { _ = try readAll(try source(t)) }
    }

    @Test func aPageThatIsNotJSONOrBreaksPagingFailsTheListingWithItsReason() {
        let broken = listing(ofPage: #"{"count":1,"next":null,"results":[{"content_type":"course","key":"K","owners":[{"name":"A"},]}]}"#)
        guard case .malformedPage(_, let reason) = broken?.kind else { Issue.record("expected malformedPage, got \(String(describing: broken))"); return }
        #expect(reason == "the body is not valid JSON")
        let oddNext = listing(ofPage: #"{"count":2,"next":{"page":2},"results":[{"content_type":"course","key":"K"}]}"#)
        guard case .pagingContractBroken(let why) = oddNext?.kind else { Issue.record("expected pagingContractBroken"); return }
        #expect(why == "`next` is not a URL")
        let noKey = listing(ofPage: #"{"count":1,"next":null,"results":[{"content_type":"course","title":"No key"}]}"#)
        guard case .malformedPage(_, let reason) = noKey?.kind else { Issue.record("expected malformedPage"); return }
        #expect(reason == "a course has no key")
    }
}
