import CourseBridgeCore
import Testing
@testable import ProviderSimulator

/// `simulate --daily-change` and `bench sync --daily-change` (issue 18): the share of the catalog that is new, edited or
/// retired on a simulated day, in the default day's mix (2 % new, 1 % edited, 0.4 % retired).
@Suite struct DailyChangeTests {
    /// New, edited and retired items of `provider` on `catalog`'s day, against the day before.
    func changes(_ catalog: SimulatedCatalog, _ provider: Provider) -> (new: Int, edited: Int, retired: Int) {
        let yesterday = catalog.onDay(catalog.day - 1)
        var counts = (new: 0, edited: 0, retired: 0)
        for index in 0..<catalog.universeSize {
            let t = catalog.traits(index, provider)
            if t.createdDay == catalog.day { counts.new += 1; continue }
            if t.isRetired(on: catalog.day), !t.isRetired(on: yesterday.day) { counts.retired += 1 }
            if t.revision(on: catalog.day).count != t.revision(on: yesterday.day).count { counts.edited += 1 }
        }
        return counts
    }

    @Test(arguments: [(Provider.linkedin, 0.01), (.coursera, 0.01), (.skillsoft, 0.005), (.linkedin, 0.034), (.edx, 0.05)])
    func aDayChangesTheShareAskedInTheDefaultMix(_ provider: Provider, _ share: Double) {
        let items = 40_000
        let catalog = SimulatedCatalog(seed: 5, items: items, day: 3, dailyChange: share)
        let c = changes(catalog, provider)
        let total = Double(c.new + c.edited + c.retired) / Double(items)
        #expect(abs(total - share) / share < 0.15, "\(provider) at \(share): \(total) of the catalog changed")
        // The mix of the default day: new ≈ 2 × edited ≈ 5 × retired.
        #expect(abs(Double(c.new) / Double(c.edited) - 2) < 0.5, "\(provider): \(c)")
        #expect(abs(Double(c.new) / Double(max(1, c.retired)) - 5) < 2.5, "\(provider): \(c)")
    }

    @Test func theDefaultDayIsTheOneTheSimulatorAlwaysHad() {
        let catalog = SimulatedCatalog(seed: 42, items: 1_099, day: 2)
        #expect(catalog.dailyChange == SimulatedCatalog.defaultDailyChange)
        #expect(catalog.newItemsPerDay == 1_099 / 50)
        #expect(catalog.advanced(by: 1).dailyChange == catalog.dailyChange, "the knob is kept from day to day")
        #expect(SimulatedCatalog(seed: 42, items: 1_099, dailyChange: 0.01).newItemsPerDay < catalog.newItemsPerDay)
    }

    @Test func theSimulatorServesTheDailyChangeItWasGiven() async throws {
        let sim = try await SimulatorServer.start(options: SimulatorOptions(items: 500, seed: 3, dailyChange: 0.01))
        #expect(sim.catalog.dailyChange == 0.01)
        sim.advanceDay()
        #expect(sim.catalog.dailyChange == 0.01 && sim.catalog.day == 1)
        await sim.stop()
    }

    /// A changes-since listing keeps its few indices: pages of any size give exactly the changed items, in order.
    @Test(arguments: [Provider.linkedin, .coursera, .skillsoft])
    func aChangesListingPagesOutExactlyTheChangedItems(_ provider: Provider) {
        let catalog = SimulatedCatalog(seed: 9, items: 3_000, day: 3, dailyChange: 0.01)
        let query = ListingQuery(provider: provider, variant: .all, changedFromDay: 2)
        let index = ListingIndex(catalog: catalog, query: query)
        let expected = expectedIds(catalog, query)
        #expect(index.total == expected.count && !expected.isEmpty)
        for pageSize in [1, 7, 100] {
            let paged = stride(from: 0, to: index.total + pageSize, by: pageSize).flatMap { index.indices(from: $0, count: pageSize) }
            #expect(paged.map { catalog.item(at: $0, for: provider).providerId } == expected, "\(provider), pages of \(pageSize)")
        }
    }
}
