import CourseBridgeCore
import Foundation
import Testing
@testable import ProviderSimulator

@Suite struct LearnerActivityTests {
    @Test func skillsoftReportIsPendingThenRows() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 200, shapes: .legacy))
        let auth = try await server.authorization(.skillsoft)
        let base = server.apiBase(for: .skillsoft) + "/reporting/v1/organizations/\(server.credentials.skillsoftOrgId)/report-requests"
        let created = try await HTTP.send(base + "/learning-activity", method: "POST", headers: ["Authorization": auth,
                                          "Content-Type": "application/json"], body: Data(#"{"start":"2025-01-01T00:00:00Z","end":"2025-01-07T00:00:00Z"}"#.utf8)).object()
        #expect(created["status"] as? String == "PENDING")
        let id = try #require(created["id"] as? String)
        let first = try await HTTP.get(base + "/\(id)", auth: auth).json()
        #expect((first as? [String: Any])?["status"] as? String == "PENDING")
        let rows = try #require(try await HTTP.get(base + "/\(id)", auth: auth).json() as? [[String: Any]])
        #expect(rows.count == server.catalog.enrollmentCount)
        #expect(rows.allSatisfy { ($0["emailAddress"] as? String)?.hasSuffix("@example.com") == true && $0["duration"] is String })
        await server.stop()
    }

    @Test func courseraEnrollmentsAndEdxProgressPageToTheEnd() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 1000))
        let catalogIds = Set(try await server.readListing(.coursera, size: 1000).ids)
        let coursera = try await server.authorization(.coursera)
        let org = server.credentials.courseraOrgId
        var start: String? = "0"
        var rows: [[String: Any]] = []
        while let s = start {
            let page = try await HTTP.get(server.apiBase(for: .coursera) + "/\(org)/enrollmentReports?start=\(s)&limit=30", auth: coursera).object()
            rows += page["elements"] as! [[String: Any]]
            start = (page["paging"] as! [String: Any])["next"] as? String
        }
        #expect(rows.count == server.catalog.enrollmentCount)
        #expect(rows.allSatisfy { catalogIds.contains($0["contentId"] as! String) }, "activity is on existing courses")

        let edx = try await server.authorization(.edx)
        let summary = server.apiBase(for: .edx) + "/enterprise/v3/enterprise-customer/\(SimulatedCatalog.edxEnterpriseCustomer)/learner-summary"
        var next: String? = summary + "?page=1&page_size=40"
        var count = 0
        while let url = next {
            let page = try await HTTP.get(url, auth: edx).object()
            count += (page["results"] as! [Any]).count
            next = (page["next"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        }
        #expect(count == server.catalog.enrollmentCount)
        let progress = server.apiBase(for: .edx) + "/enterprise/v1/enterprise-customer/\(SimulatedCatalog.edxEnterpriseCustomer)/learner-progress"
        #expect(try await HTTP.get(progress, auth: edx).status == 404, "the old path does not exist")
        await server.stop()
    }
}
