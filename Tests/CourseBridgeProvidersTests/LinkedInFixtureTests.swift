import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

/// The LinkedIn client against documented-shape fixtures (Tests/Fixtures/linkedin, SOURCES.md there):
/// tolerant paging (findings L1), the 12 documented locales (L2), authors only (L3).
@Suite struct LinkedInFixtureTests {
    static let apiBase = "https://api.linkedin.test/v2"

    /// Serves the token and, per `start`, the fixture named by `pages`; a locale in `refused` gets the 400 fixture.
    static func transport(pages: [Int: String], refused: Set<String> = []) throws -> ScriptedTransport {
        var bodies: [String: Data] = [:]
        for name in Set(pages.values).union(["token.json", "error-400-locale.json"]) { bodies[name] = try FixtureFiles.data("linkedin", name) }
        let served = bodies
        return ScriptedTransport { request, _ in
            if path(request).hasSuffix("accessToken") {
                return HTTPResponse(status: 200, body: served["token.json"]!, url: request.url)
            }
            let locale = "\(query(request, "sourceLocale.language") ?? "")_\(query(request, "sourceLocale.country") ?? "")"
            if refused.contains(locale) {
                return HTTPResponse(status: 400, body: served["error-400-locale.json"]!, url: request.url)
            }
            let start = Int(query(request, "start") ?? "0") ?? 0
            guard let name = pages[start] else { return json(#"{"message":"no such page","status":404}"#, status: 404, url: request.url) }
            return HTTPResponse(status: 200, body: served[name]!, url: request.url)
        }
    }

    func source(_ transport: ScriptedTransport, locales: [String]? = ["en_US"]) throws -> CatalogSource {
        try makeCatalogSource(provider: .linkedin, apiBase: Self.apiBase, tokenURL: "https://www.linkedin.test/oauth/v2/accessToken",
                              credentials: ["client_id": "cid", "client_secret": "secret-value"],
                              options: scriptedOptions(transport, locales: locales, pageSize: 4))
    }

    @Test func shortPagesAreFollowedToTheLastAndAWrongTotalIsAWarning() throws {
        let t = try Self.transport(pages: [0: "assets-en_US-page1-short.json", 4: "assets-en_US-page2-short.json",
                                           8: "assets-en_US-page3-last.json"])
        let (items, pages) = try readAll(try source(t))
        #expect(items.map(\.providerId) == (101...107).map { "urn:li:lyndaCourse:\($0)" })
        #expect(pages.count == 3)
        let warnings = pages.flatMap(\.warnings)
        #expect(warnings.count == 1, "the total that does not add up is reported once")
        #expect(warnings.first?.subject == "locale en_US")
        #expect(warnings.first?.message.contains("announced 9") == true && warnings.first?.message.contains("held 7") == true)
        #expect(pages.last?.listedFraction == 1)
    }

    @Test func anEmptyPageEndsTheLocaleEvenWithANextLink() throws {
        let t = try Self.transport(pages: [0: "assets-en_US-page1-short.json", 4: "assets-empty-with-next.json"])
        let (items, _) = try readAll(try source(t))
        #expect(items.count == 3)
        #expect(t.requests.filter { !path($0).hasSuffix("accessToken") }.count == 2, "the next link of an empty page is not followed")
    }

    @Test func aRefusedLocaleIsSkippedWithAWarningAndTheOthersAreRead() throws {
        let t = try Self.transport(pages: [0: "assets-en_US-page1-short.json", 4: "assets-en_US-page2-short.json",
                                           8: "assets-en_US-page3-last.json"], refused: ["de_DE"])
        let (items, pages) = try readAll(try source(t, locales: ["de", "en"]))
        #expect(items.count == 7)
        let refused = try #require(pages.flatMap(\.warnings).first { $0.subject == "locale de_DE" })
        #expect(refused.message.contains("refused") && refused.message.contains("400"))
    }

    @Test func theDefaultLocalesAreTheTwelveTheReferenceLists() throws {
        let client = try #require(try source(try Self.transport(pages: [:]), locales: nil) as? LinkedInCatalogClient)
        #expect(client.selectedLocales.count == 12)
        #expect(!client.selectedLocales.contains("nl_NL"))
    }

    @Test func onlyAuthorContributorsBecomeAuthors() throws {
        let page = try ProviderJSON.parse(try FixtureFiles.data("linkedin", "assets-en_US-page1-short.json"))
        let element = try #require(page["elements"]?.array?.first)
        let item = try #require(LinkedInItemMapper.item(from: element, sourceLocale: "en_US"))
        #expect(item.authors == ["Ada Example"], "the PUBLISHER contributor is not an author")
        #expect(item.durationSeconds == 3_720 && item.difficulty == "beginner")
        #expect(item.categories == ["Technology", "Software Development"] && item.subjects == ["Software Development"])
        #expect(item.launchURL == "https://www.linkedin.com/learning/course-101")
    }

    @Test func theDocumentedTokenAndErrorBodiesAreRead() throws {
        let token = try FixtureFiles.data("linkedin", "token.json")
        let unauthorized = try FixtureFiles.data("linkedin", "error-401.json")
        let t = ScriptedTransport { request, _ in
            path(request).hasSuffix("accessToken") ? HTTPResponse(status: 200, body: token, url: request.url)
                : HTTPResponse(status: 401, body: unauthorized, url: request.url)
        }
        let error = providerError { _ = try readAll(try source(t)) }
        guard case .wrongCredentials(let status, let message)? = error?.kind else {
            Issue.record("expected wrongCredentials, got \(String(describing: error))")
            return
        }
        #expect(status == 401 && message == "Invalid access token")
        #expect(t.requests.filter { path($0).hasSuffix("accessToken") }.count == 2, "one new token on a 401, then give up")
    }
}
