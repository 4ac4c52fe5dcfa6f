import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

/// The Coursera client against documented-shape responses (Tests/Fixtures/coursera, sources in its
/// SOURCES.md): one test per row C1–C5 of the provider-fidelity finding.
@Suite struct CourseraFixtureTests {
    static let org = "C894LttMQcGS3Kv6nSRPVQ"
    static let python = "JxNHl7GoEeiHmxIy1jQ2Sw"
    static let leadership = "kLm9QW7pEeiVtA6y1aH3Rg"
    static let dataSkills = "L5Vab6GGEe22BhJjP5ulfQ"
    static let leadershipProgram = "Q2xWc7HHFf33CiKkQ6vmgR"

    static func transport(organization: String = "coursera/organization.json") -> ScriptedTransport {
        fixtureTransport(notFound: "coursera/error-404.json") { request in
            let p = path(request)
            let start = query(request, "start") ?? "0"
            let base = "/ent/api/businesses.v1/\(org)"
            switch p {
            case "/oauth2/client_credentials/token": return "coursera/token.json"
            case base: return organization
            case base + "/programs": return "coursera/programs.json"
            case base + "/contents":
                return ["0": "coursera/contents-page-1.json", "2": "coursera/contents-page-2-last.json"][start]
            case base + "/enrollmentReports":
                return ["0": "coursera/enrollment-reports-page-1.json", "2": "coursera/enrollment-reports-page-2-last.json"][start]
            default: return nil
            }
        }
    }

    func source(_ t: ScriptedTransport, programs: [String] = []) throws -> CatalogSource {
        try makeCatalogSource(provider: .coursera, apiBase: "https://api.coursera.com/ent/api/businesses.v1",
                              tokenURL: "https://api.coursera.com/oauth2/client_credentials/token",
                              credentials: ["org_id": Self.org, "client_id": "cid", "client_secret": "csecret"],
                              options: scriptedOptions(t, programIds: programs, pageSize: 2))
    }

    func activity(_ source: CatalogSource, since: Date? = nil) throws -> [LearnerActivityRecord] {
        var records: [LearnerActivityRecord] = []
        try (source as! LearnerActivitySource).readLearnerActivity(since: since) { records += $0 }
        return records
    }

    // C1
    @Test func enrollmentDatesInEpochMillisecondsAreRead() throws {
        let records = try activity(try source(Self.transport()))
        try #require(records.count == 3)
        #expect(records[0].isCompleted && abs((records[0].scorePercent ?? 0) - 97.7) < 0.001)
        #expect(records[0].completedAt == utc("2024-03-15T14:30:00Z"))
        #expect(records[0].lastActivityAt == utc("2024-03-20T09:00:00Z"))
        #expect(records[1].completedAt == nil && records[1].lastActivityAt == utc("2024-03-01T10:00:00Z"))
        // One client reads ISO 8601 strings: they are accepted too.
        let iso = try #require(try FixtureFiles.parsed("coursera/enrollment-reports-iso-dates.json")["elements"]?.array?.first)
        let record = try #require(CourseraMapper.activity(from: iso))
        #expect(record.completedAt == utc("2024-03-15T14:30:00Z") && record.lastActivityAt == utc("2024-03-20T09:00:00Z"))
    }

    // C2
    @Test func lastActivityAfterIsSentInEpochMilliseconds() throws {
        let t = Self.transport()
        _ = try activity(try source(t), since: utc("2024-03-01T10:00:00Z"))
        let reports = t.requests.filter { path($0).hasSuffix("/enrollmentReports") }
        #expect(reports.count == 2)
        #expect(reports.allSatisfy { query($0, "lastActivityAfter") == "1709287200000" }, "\(reports.map(\.url))")
    }

    // C3
    @Test func courseIdentityIsTheContentIdThatEnrollmentsReference() throws {
        let s = try source(Self.transport())
        let (items, _) = try readAll(s)
        #expect(items.map(\.providerId) == [Self.python, Self.leadership], "`Course~X` → X; the Specialization is not synchronized")
        let records = try activity(s)
        #expect(records.allSatisfy { r in items.contains { $0.providerId == r.contentId } }, "every enrollment finds its course")
    }

    // C4
    @Test func metadataComesFromExtraMetadataAndPartners() throws {
        let (items, _) = try readAll(try source(Self.transport()))
        try #require(items.count == 2)
        let python = items[0]
        #expect(python.thumbnailURL == "https://d3njjcbhbojbot.cloudfront.example/api/utilities/v1/imageproxy/python.png")
        #expect(python.durationSeconds == 68_400)
        #expect(python.skills == ["Python Programming", "Data Structures"])
        #expect(python.authors == ["Charles Severance", "University of Michigan"])
        #expect(python.difficulty == "beginner" && python.languages == ["en"])
        #expect(python.lastUpdatedAt == utc("2024-03-01T10:00:00Z"), "epoch milliseconds")
        let leadership = items[1]
        #expect(leadership.durationSeconds == 36_000 && leadership.skills == ["Leadership"])
        #expect(leadership.authors == ["Dana Lee", "HEC Paris"])
        #expect(leadership.lastUpdatedAt == utc("2024-02-01T08:00:00Z"), "epoch seconds, as the spec-derived mock writes them")
    }

    // C5
    @Test func contentsAreListedOnceWithoutAProgramFilter() throws {
        let t = Self.transport()
        let (items, _) = try readAll(try source(t))
        let contents = t.requests.filter { path($0).hasSuffix("/contents") }
        #expect(contents.count == 2, "one listing of two pages")
        #expect(contents.allSatisfy { query($0, "programId") == nil && query($0, "programIds") == nil })
        #expect(items.map(\.programIds) == [[Self.dataSkills, Self.leadershipProgram], [Self.leadershipProgram]])
        #expect(items[0].launchURL == "https://www.coursera.org/programs/acme-data-skills/learn/python")
    }

    @Test func selectedProgramsKeepOnlyTheirContentAndLaunchURL() throws {
        let t = Self.transport()
        let (items, _) = try readAll(try source(t, programs: [Self.leadershipProgram]))
        #expect(items.map(\.providerId) == [Self.python, Self.leadership])
        #expect(items.allSatisfy { $0.programIds == [Self.leadershipProgram] })
        #expect(items[0].launchURL == "https://www.coursera.org/programs/acme-leadership/learn/python")
        let dataOnly = try readAll(try source(Self.transport(), programs: [Self.dataSkills])).items
        #expect(dataOnly.map(\.providerId) == [Self.python])
    }

    @Test func anUnentitledOrganizationIsAWrongOrganization() throws {
        #expect(try source(Self.transport(organization: "coursera/error-403.json")).testConnection() == .wrongOrganization)
        #expect(try source(Self.transport(organization: "coursera/error-404.json")).testConnection() == .wrongOrganization)
    }
}
