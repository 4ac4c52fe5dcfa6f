import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

@Suite struct CourseraCatalogTests {
    static func element(_ id: String, programs: [String], type: String = "Course") -> String {
        let links = programs.map { #"{"programId":"\#($0)","contentUrl":"https://coursera.test/\#(id)?p=\#($0)"}"# }
        return #"""
        {"id":"\#(id)","contentType":"\#(type)","name":"Name \#(id)","description":"D","photoUrl":"https://img/\#(id)",
         "instructors":[{"name":"Prof A"}],"partnerNames":["Uni B"],"workload":"4-6 hours","difficultyLevel":"BEGINNER",
         "languageCode":"en","skills":["SQL","Python"],"lastUpdatedAt":"2024-03-01T10:00:00Z",
         "programs":[\#(links.joined(separator: ","))]}
        """#
    }

    /// The older field names (`photoUrl`, `workload`, `partnerNames`, `skills` strings, ISO dates) are still read.
    @Test func olderElementShapeMapsEveryField() throws {
        let text: String = Self.element("c1", programs: ["p1", "p2"])
        let e = try ProviderJSON.parse(Data(text.utf8))
        let item = try #require(CourseraMapper.item(from: e, selected: ["p2"]))
        #expect(item.title == "Name c1")
        #expect(item.authors == ["Prof A", "Uni B"])
        #expect(item.durationSeconds == 6 * 3600)
        #expect(item.difficulty == "beginner")
        #expect(item.languages == ["en"])
        #expect(item.skills == ["SQL", "Python"])
        #expect(item.lastUpdatedAt == Date(timeIntervalSince1970: 1_709_287_200))
        #expect(item.programIds == ["p2"])
        #expect(item.launchURL == "https://coursera.test/c1?p=p2")
        #expect(item.thumbnailURL == "https://img/c1")
    }

    @Test func enrollmentRowMapsProgressScoreAndTimePerResource() throws {
        let text = #"""
        {"email":"a@b.test","externalId":"a@b.test","contentId":"c1","overallProgress":40,"isCompleted":false,"grade":0.85,
         "lastActivityAt":"2024-03-01T10:00:00.000Z","completedAt":null,
         "resources":[{"id":"r1","name":"Intro","timeSpentSeconds":120},{"id":"r2","name":"Quiz","timeSpentSeconds":60}]}
        """#
        let r = try #require(CourseraMapper.activity(from: try ProviderJSON.parse(Data(text.utf8))))
        #expect(r.email == "a@b.test")
        #expect(r.progressPercent == 40)
        #expect(r.scorePercent == 85)
        #expect(r.timeSpentSeconds == 180)
        #expect(r.isCompleted == false && r.completedAt == nil)
        #expect(r.lastActivityAt == Date(timeIntervalSince1970: 1_709_287_200))
    }

    /// Programs p1 (c1, c2, c3) and p2 (c2, c4 a Specialization), in one listing of one element per page.
    static func transport() -> ScriptedTransport {
        let list = [("c1", ["p1"]), ("c2", ["p1", "p2"]), ("c3", ["p1"]), ("c4", ["p2"])]
        return ScriptedTransport { request, _ in
            let p = path(request)
            if p.hasSuffix("/token") { return json(#"{"access_token":"tok-c","token_type":"Bearer","expires_in":1799}"#) }
            if p.hasSuffix("/programs") {
                return json(#"{"elements":[{"id":"p1","name":"One"},{"id":"p2","name":"Two"}],"paging":{"total":2}}"#)
            }
            let start = Int(query(request, "start") ?? "0")!
            let (id, programs) = list[start]
            let next = start + 1 < list.count ? #""next":"\#(start + 1)","# : ""
            let body = #"{"elements":[\#(element(id, programs: programs, type: id == "c4" ? "Specialization" : "Course"))],"paging":{\#(next)"total":\#(list.count)}}"#
            return json(body, url: request.url)
        }
    }

    func source(_ t: ScriptedTransport, programs: [String] = []) throws -> CatalogSource {
        try makeCatalogSource(provider: .coursera, apiBase: "https://api.example.test/ent/api/businesses.v1",
                              tokenURL: "https://api.example.test/oauth2/client_credentials/token",
                              credentials: ["org_id": "org1", "client_id": "cid", "client_secret": "csecret"],
                              options: scriptedOptions(t, programIds: programs, pageSize: 1))
    }

    @Test func everyProgramOfAnElementIsKept() throws {
        let t = Self.transport()
        let (items, _) = try readAll(try source(t))
        #expect(items.map(\.providerId) == ["c1", "c2", "c3"])
        #expect(items.first { $0.providerId == "c2" }?.programIds == ["p1", "p2"])
        let token = try #require(t.requests.first)
        #expect(token.basicAuth?.user == "cid" && token.basicAuth?.password == "csecret")
        #expect(String(decoding: token.body ?? Data(), as: UTF8.self) == "grant_type=client_credentials")
    }

    @Test func selectedProgramsLimitTheListing() throws {
        let t = Self.transport()
        let (items, _) = try readAll(try source(t, programs: ["p2"]))
        #expect(items.map(\.providerId) == ["c2"])
        #expect(items[0].programIds == ["p2"])
        #expect(!t.requests.contains { path($0).hasSuffix("/programs") })
        #expect(!t.requests.contains { query($0, "programId") != nil })
    }

    @Test func nextThatDoesNotAdvanceBreaksThePagingContract() throws {
        let t = ScriptedTransport { request, _ in
            path(request).hasSuffix("/token") ? json(tokenBody)
                : json(#"{"elements":[\#(Self.element("c1", programs: ["p1"]))],"paging":{"next":"0","total":5}}"#)
        }
        guard case .pagingContractBroken = providerError({ _ = try readAll(try source(t, programs: ["p1"])) })?.kind else {
            Issue.record("expected pagingContractBroken")
            return
        }
    }

    @Test func unknownOrganizationIsReportedAsWrongOrganization() throws {
        let t = ScriptedTransport { request, _ in
            path(request).hasSuffix("/token") ? json(tokenBody) : json(#"{"message":"Unknown organization","errorCode":"NOT_FOUND"}"#, status: 404)
        }
        #expect(try source(t).testConnection() == .wrongOrganization)
    }
}
