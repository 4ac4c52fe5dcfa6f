import CourseBridgeCore
import Foundation
import Testing
@testable import ProviderSimulator

/// Each provider's paging contract, followed over real HTTP to the end.
@Suite struct PagingContractTests {
    /// Legacy shapes: every page full, totals exact (the documented shapes: DocumentedShapesTests).
    @Test func linkedinPagesEveryLocaleWithNextLinks() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 900, seed: 5, shapes: .legacy))
        var total = 0
        for (i, locale) in LinkedInLocales.all.enumerated() {
            let (ids, pages) = try await server.readListing(.linkedin, size: 50, locale: locale)
            let expected = expectedIds(server.catalog, ListingQuery(provider: .linkedin, variant: .linkedinLocale(i, includeRetired: true)))
            #expect(ids == expected, "locale \(locale)")
            #expect(pages == max(1, (expected.count + 49) / 50))
            total += ids.count
        }
        #expect(total == server.catalogSize(for: .linkedin))
        #expect(total == 900)
        await server.stop()
    }

    @Test func linkedinLastPageHasNoNextAndTotalsAreConsistent() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 200, shapes: .legacy))
        let auth = try await server.authorization(.linkedin)
        let r = try await HTTP.get(server.firstPageURL(.linkedin, size: 1000), auth: auth)
        let paging = try r.object()["paging"] as! [String: Any]
        #expect((paging["links"] as! [Any]).isEmpty)
        #expect(paging["total"] as? Int == (try r.object()["elements"] as! [Any]).count)
        await server.stop()
    }

    @Test(arguments: [Provider.coursera, .edx, .skillsoft])
    func pagedListingReturnsTheWholeCatalogOnce(provider: Provider) async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 730, seed: 9))
        server.advanceDay()
        let (ids, pages) = try await server.readListing(provider, size: 100)
        let variant: ListingVariant = provider == .edx ? .edxCatalog(0) : .all
        #expect(ids == expectedIds(server.catalog, ListingQuery(provider: provider, variant: variant)))
        #expect(ids.count == server.catalogSize(for: provider))
        #expect(pages == (ids.count + 99) / 100)
        await server.stop()
    }

    @Test func edxNextIsAnAbsoluteURLAndEmptyOnTheLastPage() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 150))
        let auth = try await server.authorization(.edx)
        let first = try await HTTP.get(server.firstPageURL(.edx, size: 100), auth: auth).object()
        let next = try #require(first["next"] as? String)
        #expect(next.hasPrefix(server.baseURL + "/edx/"))
        #expect(first["previous"] as? String == "", "the gateway writes a string")
        let second = try await HTTP.get(next, auth: auth).object()
        #expect(second["next"] as? String == "")
        #expect(second["count"] as? Int == 150)
        let catalogs = try await HTTP.get(server.apiBase(for: .edx) + "/enterprise/v2/enterprise-catalogs", auth: auth).object()
        let results = catalogs["results"] as! [[String: Any]]
        #expect(results.allSatisfy { $0["enterprise_customer"] as? String == SimulatedCatalog.edxEnterpriseCustomer })
        await server.stop()
    }

    @Test func skillsoftHeadersAndSnapshotAcrossADayChange() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 250, shapes: .legacy))
        let auth = try await server.authorization(.skillsoft)
        let first = try await HTTP.get(server.firstPageURL(.skillsoft, size: 100), auth: auth)
        #expect(first.header("x-total-count") == "250")
        let pagingId = try #require(first.header("x-paging-request-id"))
        #expect(first.header("link")?.contains("offset=200") == true)
        #expect(first.header("link")?.hasSuffix("rel=\"last\"") == true)
        server.advanceDay()
        let url = server.firstPageURL(.skillsoft, size: 100).replacingOccurrences(of: "offset=0", with: "offset=200")
        let last = try await HTTP.get(url + "&pagingRequestId=\(pagingId)", auth: auth)
        #expect(last.header("x-total-count") == "250", "a paging request keeps the day it started on")
        #expect((try last.json() as! [Any]).count == 50)
        await server.stop()
    }

    @Test func courseraProgramsFilterContents() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 300))
        let auth = try await server.authorization(.coursera)
        let org = server.credentialValues(for: .coursera)["org_id"]!
        let programs = try await HTTP.get(server.apiBase(for: .coursera) + "/\(org)/programs", auth: auth).object()
        let ids = (programs["elements"] as! [[String: Any]]).map { $0["id"] as! String }
        #expect(ids.count == 3)
        let r = try await HTTP.get(server.apiBase(for: .coursera) + "/\(org)/contents?start=0&limit=1000&programId=\(ids[0])", auth: auth)
        let elements = try r.object()["elements"] as! [[String: Any]]
        #expect(!elements.isEmpty && elements.count < 300)
        #expect(elements.allSatisfy { ($0["programs"] as! [[String: Any]]).contains { $0["programId"] as? String == ids[0] } })
        await server.stop()
    }

    @Test func advanceDayChangesWhatTheServerLists() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 1000))
        let before = try await server.readListing(.coursera, size: 500).ids
        server.advanceDay()
        #expect(server.day == 1)
        let after = try await server.readListing(.coursera, size: 500).ids
        #expect(after.count == server.catalogSize(for: .coursera))
        #expect(!Set(before).subtracting(after).isEmpty, "retired Coursera content disappears")
        #expect(!Set(after).subtracting(before).isEmpty, "new content appears")
        await server.stop()
    }
}
