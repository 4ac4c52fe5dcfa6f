import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

/// The changes-since reads of issue 18 against documented-shape fixtures (SOURCES.md of each provider):
/// LinkedIn's criteria finder with `lastModifiedAfter` and `retiredAt` (L5), Coursera's `modifiedSinceTimestamp` (C6),
/// Percipio's `updatedSince` (S5).
@Suite struct ChangesListingFixtureTests {
    static let since = Date(timeIntervalSince1970: 1_767_139_200)  // 2025-12-31T00:00:00Z

    func linkedin(_ fixture: String, now: Date, locales: [String]? = nil) throws -> (ScriptedTransport, CatalogSource) {
        let t = fixtureTransport(notFound: "linkedin/error-401.json") { request in
            path(request).hasSuffix("accessToken") ? "linkedin/token.json" : "linkedin/\(fixture)"
        }
        var options = scriptedOptions(t, locales: locales, pageSize: 100)
        options.changedSince = Self.since
        options.now = { now }
        let source = try makeCatalogSource(provider: .linkedin, apiBase: "https://api.linkedin.test/v2",
                                           tokenURL: "https://www.linkedin.test/oauth/v2/accessToken",
                                           credentials: ["client_id": "cid", "client_secret": "secret-value"], options: options)
        return (t, source)
    }

    @Test func linkedInReadsChangesWithTheCriteriaFinderAndRetiredAt() throws {
        let (t, source) = try linkedin("assets-criteria-changes.json", now: Self.since.addingTimeInterval(3_600), locales: ["fr"])
        let (items, _) = try readAll(source)
        #expect(items.map(\.providerId) == ["urn:li:lyndaCourse:201", "urn:li:lyndaCourse:202"])
        #expect(items.map(\.isRetired) == [false, true], "retiredAt marks a retirement")
        #expect(items.first?.languages.first == "en-us", "each element's own locale, not one listing locale")
        let listing = try #require(t.requests.first { path($0).hasSuffix("learningAssets") })
        #expect(query(listing, "q") == "criteria")
        #expect(query(listing, "assetFilteringCriteria.lastModifiedAfter") == "1767139200000", "epoch milliseconds")
        #expect(query(listing, "assetRetrievalCriteria.includeRetired") == "true")
        #expect(query(listing, "assetFilteringCriteria.assetTypes[0]") == "COURSE")
        #expect(query(listing, "assetFilteringCriteria.locales[0].language") == "fr", "a language filter narrows the finder")
        #expect(t.requests.filter { path($0).hasSuffix("learningAssets") }.count == 1, "one listing for every locale")
    }

    @Test func linkedInChangesCappedAt500AreRejected() throws {
        let (_, source) = try linkedin("assets-criteria-total-500.json", now: Self.since.addingTimeInterval(3_600))
        #expect(throws: ChangesListingRejected.self) { _ = try readAll(source) }
    }

    @Test func linkedInOldRecordsInAWindowOverADayAreRejectedButNotInAShortOne() throws {
        let (_, long) = try linkedin("assets-criteria-old-record.json", now: Self.since.addingTimeInterval(2 * 86_400))
        var delivered = 0
        #expect(throws: ChangesListingRejected.self) { try long.readCatalog { delivered += $0.items.count } }
        #expect(delivered == 0, "nothing of a rejected answer is handed on")
        let (_, short) = try linkedin("assets-criteria-old-record.json", now: Self.since.addingTimeInterval(3_600))
        #expect(try readAll(short).items.count == 1)
    }

    @Test(arguments: ["coursera/contents-modified-since.json", "coursera/contents-modified-since-changes.json"])
    func courseraSendsModifiedSinceTimestampAndTakesElementsOrChanges(_ fixture: String) throws {
        let org = CourseraFixtureTests.org
        let t = fixtureTransport(notFound: "coursera/error-404.json") { request in
            switch path(request) {
            case "/oauth2/client_credentials/token": "coursera/token.json"
            case "/ent/api/businesses.v1/\(org)/contents": fixture
            default: nil
            }
        }
        var options = scriptedOptions(t, pageSize: 100)
        options.changedSince = Self.since
        let source = try makeCatalogSource(provider: .coursera, apiBase: "https://api.coursera.com/ent/api/businesses.v1",
                                           tokenURL: "https://api.coursera.com/oauth2/client_credentials/token",
                                           credentials: ["org_id": org, "client_id": "cid", "client_secret": "csecret"], options: options)
        let (items, _) = try readAll(source)
        #expect(!items.isEmpty)
        let listing = try #require(t.requests.first { path($0).hasSuffix("/contents") })
        #expect(query(listing, "modifiedSinceTimestamp") == "1767139200000")
    }

    @Test func percipioSendsUpdatedSinceOnEveryPage() throws {
        let t = fixtureTransport(notFound: "skillsoft/error-403.json") { request in
            path(request).hasSuffix("catalog-content") ? "skillsoft/catalog-single-short-page.json" : nil
        }
        var options = scriptedOptions(t, pageSize: 1000)
        options.changedSince = Self.since
        let source = try makeCatalogSource(provider: .skillsoft, apiBase: "https://api.percipio.test",
                                           tokenURL: nil, credentials: ["organization_id": "org-1", "bearer_token": "tok"],
                                           options: options)
        let (items, _) = try readAll(source)
        #expect(!items.isEmpty)
        #expect(t.requests.allSatisfy { query($0, "updatedSince") == "2025-12-31T00:00:00Z" })
    }
}
