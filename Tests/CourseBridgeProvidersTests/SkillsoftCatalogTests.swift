import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

@Suite struct SkillsoftCatalogTests {
    static func item(_ id: String, type: String = "COURSE", status: String = "ACTIVE") -> String {
        #"""
        {"id":"\#(id)","xapiActivityId":"https://xapi.percipio.com/xapi/course/\#(id)","code":"X1",
         "localizedMetadata":[{"localeCode":"fr-FR","title":"Bonjour","description":"FR"},{"localeCode":"en-US","title":"Hello","description":"EN"}],
         "localeCodes":["fr-FR","en-US"],"imageUrl":"https://img/s.png","by":["Jane Doe"],"duration":"PT1H2M30S",
         "expertiseLevels":["ADVANCED"],"contentType":{"percipioType":"\#(type)","category":"X","displayLabel":"X"},
         "lifecycle":{"status":"\#(status)","publishDate":"2023-01-01T00:00:00Z","lastUpdatedDate":"2024-01-01T00:00:00Z"},
         "associations":{"areas":["Leadership"],"subjects":["Coaching"],"channels":[]},"link":"https://percipio.test/\#(id)"}
        """#
    }

    @Test func itemMapsEveryFieldAndTranslations() throws {
        let item = try #require(SkillsoftMapper.item(from: try ProviderJSON.parse(Data(Self.item("u1").utf8))))
        #expect(item.title == "Hello" && item.description == "EN")
        #expect(item.languages == ["en-us", "fr-fr"])
        #expect(item.translations.map(\.language) == ["fr-fr", "en-us"])
        #expect(item.translations[0].title == "Bonjour")
        #expect(item.durationSeconds == 3750)
        #expect(item.difficulty == "advanced")
        #expect(item.authors == ["Jane Doe"])
        #expect(item.subjects == ["Coaching"])
        #expect(item.categories == ["Leadership", "Coaching"])
        #expect(item.lastUpdatedAt == Date(timeIntervalSince1970: 1_704_067_200))
        #expect(item.launchURL == "https://percipio.test/u1")
    }

    @Test(arguments: [("COURSE", "course"), ("BOOK", "book"), ("AUDIOBOOK", "audiobook"), ("CHANNEL", "channel"),
                      ("JOURNEY", "journey"), ("LINKED_CONTENT", "linked-content"), ("ASSESSMENT", "assessment"),
                      ("BENCHMARK", "benchmark"), ("VIDEO", "uncategorized"), ("", "uncategorized")])
    func contentTypesAreNormalized(raw: String, expected: String) throws {
        let item = try #require(SkillsoftMapper.item(from: try ProviderJSON.parse(Data(Self.item("u", type: raw).utf8))))
        #expect(item.contentType == expected)
    }

    @Test func retiredLifecycleMarksRetired() throws {
        let item = try #require(SkillsoftMapper.item(from: try ProviderJSON.parse(Data(Self.item("u", status: "RETIRED").utf8))))
        #expect(item.isRetired)
    }

    @Test func reportRowKeepsTheFieldsTheRulesUse() throws {
        let text = #"{"userId":"u","emailAddress":"a@b.test","contentUuid":"c-1","status":"Completed","completedDate":"2024-05-01T08:00:00Z","lastAccess":"2024-05-02T08:00:00Z","duration":"625","lastScore":88}"#
        let row = try #require(SkillsoftMapper.row(from: try ProviderJSON.parse(Data(text.utf8))))
        #expect(row.status == "Completed" && row.lastScore == 88 && row.durationSeconds == 625)
        #expect(row.emailAddress == "a@b.test" && row.contentUuid == "c-1")
        #expect(row.completedDate == Date(timeIntervalSince1970: 1_714_550_400))
        #expect(row.lastAccess == Date(timeIntervalSince1970: 1_714_636_800))
    }

    /// `total` items served `max` at a time; header names in odd case.
    static func transport(total: Int, headerTotal: String? = nil, requestId: String? = "req-1") -> ScriptedTransport {
        ScriptedTransport { request, _ in
            let offset = Int(query(request, "offset") ?? "0")!, max = Int(query(request, "max") ?? "1000")!
            if offset > 0, requestId != nil, query(request, "pagingRequestId") != requestId { return json(#"{"message":"no paging id"}"#, status: 400) }
            let body = "[" + (offset..<Swift.max(offset, min(total, offset + max))).map { item("id-\($0)") }.joined(separator: ",") + "]"
            var headers = [("X-Total-Count", headerTotal ?? String(total))]
            if let requestId { headers.append(("X-PAGING-REQUEST-ID", requestId)) }
            return json(body, url: request.url, headers: headers)
        }
    }

    func source(_ t: ScriptedTransport, pageSize: Int = 3) throws -> CatalogSource {
        try makeCatalogSource(provider: .skillsoft, apiBase: nil, tokenURL: nil,
                              credentials: ["organization_id": "org-uuid", "bearer_token": "percipio-token-123",
                                            "tenant_url": "https://tenant.example.test"],
                              options: scriptedOptions(t, pageSize: pageSize))
    }

    @Test(arguments: [0, 1, 3, 7, 9])
    func readsUntilOffsetReachesTotal(total: Int) throws {
        let t = Self.transport(total: total)
        let (items, _) = try readAll(try source(t))
        #expect(items.map(\.providerId) == (0..<total).map { "id-\($0)" })
        #expect(t.requests.count == max(1, (total + 2) / 3))
        #expect(t.requests.allSatisfy { $0.url.hasPrefix("https://tenant.example.test/content-discovery/v2/organizations/org-uuid/") })
        #expect(t.requests.allSatisfy { r in r.headers.contains { $0.value == "Bearer percipio-token-123" } })
    }

    @Test func anUnreadableTotalIsNotNeeded() throws {
        let (items, _) = try readAll(try source(Self.transport(total: 4, headerTotal: "many")))
        #expect(items.count == 4, "a full page, then a short one ends the listing")
    }

    @Test func aMissingPagingRequestIdIsAWarning() throws {
        let (items, pages) = try readAll(try source(Self.transport(total: 4, requestId: nil)))
        #expect(items.count == 4)
        #expect(pages.flatMap(\.warnings).map(\.subject) == ["paging"])
    }

    @Test func aShortListingEndsWithAWarningWhenTheTotalDisagrees() throws {
        let (items, pages) = try readAll(try source(Self.transport(total: 2, headerTotal: "8")))
        #expect(items.count == 2)
        #expect(pages.flatMap(\.warnings).first?.message.contains("announced 8") == true)
    }

    @Test func anObjectBodyIsNotAPage() throws {
        let t = ScriptedTransport { _, _ in json(#"{"items":[]}"#, headers: [("x-total-count", "0"), ("x-paging-request-id", "r")]) }
        guard case .pagingContractBroken = providerError({ _ = try readAll(try source(t)) })?.kind else {
            Issue.record("expected pagingContractBroken")
            return
        }
    }

    @Test(arguments: [(401, ConnectionTestResult.wrongCredentials), (403, .wrongOrganization), (404, .wrongOrganization)])
    func connectionTestStatuses(status: Int, expected: ConnectionTestResult) throws {
        let t = ScriptedTransport { _, _ in json(#"{"message":"nope"}"#, status: status) }
        #expect(try source(t).testConnection() == expected)
        // A static token cannot be refreshed: one call only.
        #expect(t.requests.count == 1)
    }
}
