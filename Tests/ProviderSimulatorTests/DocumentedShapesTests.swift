import CourseBridgeCore
import Foundation
import Testing
@testable import ProviderSimulator

/// The simulator serves the providers' documented shapes by default (findings L1–L3, S1, S2).
@Suite struct DocumentedShapesTests {
    @Test func linkedinPagesAreShorterThanCountTotalsDoNotAddUpAndPublishersAreListed() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 600, seed: 5))
        let (ids, pages) = try await server.readListing(.linkedin, size: 25)
        let auth = try await server.authorization(.linkedin)
        let first = try await HTTP.get(server.firstPageURL(.linkedin, size: 25), auth: auth).object()
        let total = (first["paging"] as! [String: Any])["total"] as! Int
        #expect(pages == (total + 24) / 25, "every window is served, up to the last")
        #expect(ids.count < total, "elements filtered after paging: the total does not add up")
        let elements = first["elements"] as! [[String: Any]]
        let contributors = elements.flatMap { (($0["details"] as! [String: Any])["contributors"] as! [[String: Any]]) }
        #expect(contributors.contains { $0["contributionType"] as? String == "PUBLISHER" })
        #expect(Set(ids).count == ids.count)
        await server.stop()
    }

    @Test func linkedinRefusesTheUndocumentedDutchLocale() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 50))
        let auth = try await server.authorization(.linkedin)
        let r = try await HTTP.get(server.firstPageURL(.linkedin, size: 10, locale: ("nl", "NL")), auth: auth)
        #expect(r.status == 400)
        await server.stop()
    }

    @Test func skillsoftPagesHaveLinkHeadersAndNoTotalCount() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 250))
        let auth = try await server.authorization(.skillsoft)
        let first = try await HTTP.get(server.firstPageURL(.skillsoft, size: 100), auth: auth)
        #expect(first.header("x-total-count") == nil)
        let link = try #require(first.header("link"))
        #expect(link.contains("offset=100") && link.contains("rel=\"next\"") && link.contains("offset=200") && link.contains("rel=\"last\""))
        let (ids, pages) = try await server.readListing(.skillsoft, size: 100)
        #expect(ids.count == server.catalogSize(for: .skillsoft) && pages == 3)
        await server.stop()
    }

    @Test func skillsoftReportAnswersAnEmptyBodyThenInProgressThenRows() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 200))
        let auth = try await server.authorization(.skillsoft)
        let base = server.apiBase(for: .skillsoft) + "/reporting/v1/organizations/\(server.credentials.skillsoftOrgId)/report-requests"
        let created = try await HTTP.send(base + "/learning-activity", method: "POST", headers: ["Authorization": auth,
                                          "Content-Type": "application/json"], body: Data(#"{"start":"2025-01-01T00:00:00Z","end":"2025-01-07T00:00:00Z"}"#.utf8)).object()
        let id = try #require(created["id"] as? String)
        let building = try await HTTP.get(base + "/\(id)", auth: auth)
        #expect(building.status == 200 && building.body.isEmpty)
        #expect(try await HTTP.get(base + "/\(id)", auth: auth).object()["status"] as? String == "IN_PROGRESS")
        let rows = try #require(try await HTTP.get(base + "/\(id)", auth: auth).json() as? [[String: Any]])
        #expect(rows.count == server.catalog.enrollmentCount)
        let statuses = Set(rows.compactMap { $0["status"] as? String })
        #expect(statuses.isSubset(of: ["Completed", "Started", "Read", "Listened", "Watched", "Achieved"]))
        await server.stop()
    }
}
