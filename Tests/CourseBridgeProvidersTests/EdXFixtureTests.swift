import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

/// The edX client against documented-shape responses (Tests/Fixtures/edx, sources in its SOURCES.md):
/// one test per row E1–E5 of the provider-fidelity finding.
@Suite struct EdXFixtureTests {
    static let enterprise = "40709edf-3748-4fcf-aa18-99abd765b692"
    static let catalog = "fcbb8cc6-85f5-427e-b154-4055fdd69472"

    /// The gateway's routes; an unknown path answers DRF's 404.
    static func transport(catalogs: String = "edx/enterprise-catalogs.json") -> ScriptedTransport {
        fixtureTransport(notFound: "edx/error-404.json") { request in
            let p = path(request)
            let page = query(request, "page") ?? "1"
            if p.hasSuffix("/oauth2/v1/access_token") { return "edx/token.json" }
            if p == "/enterprise/v2/enterprise-catalogs" { return catalogs }
            if p.hasPrefix("/enterprise/v2/enterprise-catalogs/\(catalog)") {
                return ["1": "edx/catalog-page-1.json", "2": "edx/catalog-page-2-last.json"][page] ?? "edx/error-404-invalid-page.json"
            }
            if p == "/enterprise/v3/enterprise-customer/\(enterprise)/learner-summary" {
                return ["1": "edx/learner-summary-page-1.json", "2": "edx/learner-summary-page-2-last.json"][page]
                    ?? "edx/error-404-invalid-page.json"
            }
            return nil
        }
    }

    func source(_ t: ScriptedTransport) throws -> CatalogSource {
        try makeCatalogSource(provider: .edx, apiBase: "https://api.edx.org", tokenURL: "https://api.edx.org/oauth2/v1/access_token",
                              credentials: ["client_id": "e", "client_secret": "edx-secret"], options: scriptedOptions(t, pageSize: 2))
    }

    func activity(_ source: CatalogSource, since: Date? = nil) throws -> [LearnerActivityRecord] {
        var records: [LearnerActivityRecord] = []
        try (source as! LearnerActivitySource).readLearnerActivity(since: since) { records += $0 }
        return records
    }

    // E1
    @Test func learnerDataComesFromTheV3LearnerSummary() throws {
        let t = Self.transport()
        let records = try activity(try source(t))
        #expect(records.count == 3)
        let paths = t.requests.map(path)
        #expect(paths.filter { $0 == "/enterprise/v3/enterprise-customer/\(Self.enterprise)/learner-summary" }.count == 2)
        #expect(!paths.contains { $0.contains("learner-progress") })
    }

    // E2
    @Test func learnerSummaryFieldsGiveTheEmailCompletionAndDates() throws {
        let records = try activity(try source(Self.transport()))
        try #require(records.count == 3)
        let passed = records[0]
        #expect(passed.email == "ann@acme.example" && passed.contentId == "edx+tr1012")
        #expect(passed.isCompleted)
        #expect(passed.completedAt == utc("2024-03-15"))
        #expect(passed.lastActivityAt == utc("2024-03-15"))
        let inProgress = records[1]
        #expect(inProgress.email == "bob@acme.example" && inProgress.contentId == "HarvardX+FIH")
        #expect(!inProgress.isCompleted && inProgress.completedAt == nil)
        #expect(inProgress.lastActivityAt == utc("2024-03-20"))
        let failed = records[2]
        #expect(failed.contentId == "edx+tr1012", "the course key is derived from courserun_key when course_key is null")
        #expect(!failed.isCompleted, "Failed is not a completion")
    }

    // E3
    @Test func pagingSendsPageAndPageSizeOnly() throws {
        let t = Self.transport()
        let s = try source(t)
        _ = try readAll(s)
        _ = try activity(s, since: utc("2024-03-01T00:00:00Z"))
        let listings = t.requests.filter { path($0).contains("/enterprise-catalogs/") || path($0).hasSuffix("/learner-summary") }
        #expect(listings.count == 4)
        for r in listings {
            #expect(query(r, "page") != nil && query(r, "page_size") == "2", "\(r.url)")
            #expect(query(r, "limit") == nil && query(r, "modified_after") == nil, "\(r.url)")
        }
    }

    // E4
    @Test func anEmptyNextEndsTheListing() throws {
        let t = Self.transport()
        let (items, pages) = try readAll(try source(t))
        #expect(items.map(\.providerId) == ["edx+tr1012", "HarvardX+FIH"], "the inactive course is not listed")
        #expect(pages.count == 2)
        #expect(t.requests.filter { path($0).contains("/enterprise-catalogs/\(Self.catalog)") }.count == 2)
    }

    // E5
    @Test func thumbnailAndLaunchPreferTheEnterpriseFields() throws {
        let (items, _) = try readAll(try source(Self.transport()))
        try #require(items.count == 2)
        let documented = items[0]
        #expect(documented.thumbnailURL == "https://discovery.edx-cdn.example/media/course/image/04d8eb8e.png")
        #expect(documented.launchURL?.hasPrefix("https://courses.edx.example/enterprise/\(Self.enterprise)/course/edx+tr1012/enroll/") == true)
        #expect(documented.skills == ["Strategy", "Teamwork"])
        #expect(documented.durationSeconds == 16_200)
        #expect(documented.languages == ["en-us"])
        let fallback = items[1]
        #expect(fallback.thumbnailURL == "https://discovery.edx-cdn.example/media/course/image/b718b44e.small.jpg",
                "no image_url and a null card_image_url: image.src")
        #expect(fallback.launchURL == "https://www.edx.example/course/fintech?utm_source=acme&utm_medium=enterprise",
                "a null enrollment_url: marketing_url")
        #expect(fallback.description == "<p>Step beyond current FinTech disruption.</p>", "an empty full description: the short one")
    }

    @Test func errorBodiesAreShownWithTheirDetail() throws {
        let error = try #require(providerError { _ = try readAll(try source(Self.transport(catalogs: "edx/error-403.json"))) })
        #expect(error.description.contains("You do not have permission to perform this action."))
        let refused = fixtureTransport(notFound: "edx/error-404.json") { _ in "edx/token-error-401.json" }
        #expect(try source(refused).testConnection() == .wrongCredentials)
    }
}
