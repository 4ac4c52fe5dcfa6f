import CourseBridgeCore
import Foundation
import Testing
@testable import ProviderSimulator

/// The edX and Coursera shapes served by default (the documented ones) and with `--shapes legacy`.
@Suite struct EdxCourseraShapesTests {
    func courseraPage(_ server: SimulatorServer, _ path: String) async throws -> [[String: Any]] {
        let auth = try await server.authorization(.coursera)
        let url = server.apiBase(for: .coursera) + "/\(server.credentials.courseraOrgId)/\(path)"
        return try await HTTP.get(url, auth: auth).object()["elements"] as! [[String: Any]]
    }

    @Test func courseraServesContentIdsExtraMetadataAndEpochMilliseconds() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 200))
        let contents = try await courseraPage(server, "contents?start=0&limit=50")
        for e in contents {
            let contentId = try #require(e["contentId"] as? String)
            #expect(e["id"] as? String == "\(e["contentType"] as! String)~\(contentId)")
            let definition = (e["extraMetadata"] as? [String: Any])?["definition"] as? [String: Any]
            #expect(definition?["promoPhoto"] is String && definition?["estimatedLearningTime"] is Int)
            #expect((e["partners"] as? [[String: Any]])?.first?["name"] is String)
            #expect(e["lastUpdatedAt"] is Int && e["photoUrl"] == nil && e["partnerNames"] == nil)
        }
        let rows = try await courseraPage(server, "enrollmentReports?start=0&limit=100")
        #expect(rows.allSatisfy { $0["lastActivityAt"] is Int })
        #expect(rows.contains { $0["completedAt"] is Int })
        await server.stop()
    }

    @Test func courseraLastActivityAfterIsEpochMillisecondsUnlessLegacy() async throws {
        for shapes in ResponseShapes.allCases {
            let server = try await SimulatorServer.start(options: SimulatorOptions(items: 50, shapes: shapes))
            let auth = try await server.authorization(.coursera)
            let base = server.apiBase(for: .coursera) + "/\(server.credentials.courseraOrgId)/enrollmentReports?lastActivityAfter="
            #expect(try await HTTP.get(base + "1709287200000", auth: auth).status == 200)
            let iso = try await HTTP.get(base + "2024-03-01T10:00:00Z", auth: auth).status
            #expect(iso == (shapes == .legacy ? 200 : 400), "\(shapes)")
            await server.stop()
        }
    }

    @Test func legacyShapesWriteCourseraDatesAsISOAndEdxNextAsNull() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 60, shapes: .legacy))
        let rows = try await courseraPage(server, "enrollmentReports?start=0&limit=100")
        #expect(rows.allSatisfy { ($0["lastActivityAt"] as? String)?.hasSuffix("Z") == true })
        #expect(try await courseraPage(server, "contents?start=0&limit=10").allSatisfy { $0["contentId"] is String })
        let auth = try await server.authorization(.edx)
        let last = try await HTTP.get(server.firstPageURL(.edx, size: 100), auth: auth).object()
        #expect(last["next"] is NSNull)
        await server.stop()
    }

    @Test func edxCatalogIgnoresLimitAndServesEnterpriseFields() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 150))
        let auth = try await server.authorization(.edx)
        let catalog = server.apiBase(for: .edx) + "/enterprise/v2/enterprise-catalogs/\(SimulatedCatalog.edxCatalogs[0].uuid)/"
        let limited = try await HTTP.get(catalog + "?limit=100&page=1", auth: auth).object()
        #expect((limited["results"] as! [Any]).count == 20, "the gateway drops `limit`: the default page of 20")
        let sized = try await HTTP.get(catalog + "?page=1&page_size=50", auth: auth).object()
        let results = sized["results"] as! [[String: Any]]
        #expect(results.count == 50)
        let course = try #require(results.first { $0["content_type"] as? String == "course" })
        #expect(course["image_url"] is String && course["enrollment_url"] is String && course["active"] as? Bool == true)
        await server.stop()
    }

    @Test func edxLearnerSummaryRowsCarryTheDocumentedFields() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 200))
        let auth = try await server.authorization(.edx)
        let url = server.apiBase(for: .edx) + "/enterprise/v3/enterprise-customer/\(SimulatedCatalog.edxEnterpriseCustomer)/learner-summary?page=1&page_size=1000"
        let page = try await HTTP.get(url, auth: auth).object()
        let rows = page["results"] as! [[String: Any]]
        #expect(rows.count == server.catalog.enrollmentCount)
        #expect(page["next"] as? String == "")
        for row in rows {
            #expect(row["user_email"] is String && row["course_key"] is String && row["has_passed"] is Bool)
            #expect((row["last_activity_date"] as? String)?.count == 10, "a date, YYYY-MM-DD")
            #expect(["Passed", "In Progress"].contains(row["progress_status"] as? String))
        }
        #expect(rows.contains { ($0["passed_date"] as? String)?.count == 10 })
        await server.stop()
    }
}
