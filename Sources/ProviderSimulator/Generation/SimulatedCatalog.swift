import CourseBridgeCore
import Foundation

/// The simulated catalogs of all four providers on one day: a pure function of
/// (seed, items, day). Nothing is stored; every item is computed from its index, so tests
/// and benchmarks can compute what a listing returns without a server.
///
/// Day 0 lists exactly `items` entries per provider (all types). By default each later day adds
/// `newItemsPerDay` entries (2 %), changes the title of about 1% of them, retires about 0.4%
/// (Coursera and edX stop listing them, LinkedIn and Skillsoft flag them), and Skillsoft
/// drops about 0.3% from its listing (license expiry). `dailyChange` scales all four rates together
/// (same mix): 0.01 is a day where about 1 % of the catalog is new, edited or retired.
public struct SimulatedCatalog: Sendable, Equatable {
    public let seed: UInt64
    public let items: Int
    public let day: Int
    /// Share of the catalog new, edited or retired per day (`defaultDailyChange`: 2 % + 1 % + 0.4 %).
    public let dailyChange: Double

    /// The day the simulator has always modelled: 2 % new, 1 % edited, 0.4 % retired.
    public static let defaultDailyChange = 0.034

    public init(seed: UInt64 = 42, items: Int = 1000, day: Int = 0, dailyChange: Double = SimulatedCatalog.defaultDailyChange) {
        precondition(items >= 0 && day >= 0, "items and day must not be negative")
        precondition(dailyChange > 0 && dailyChange <= 1, "the daily change is a share in (0, 1]")
        self.seed = seed
        self.items = items
        self.day = day
        self.dailyChange = dailyChange
    }

    /// The same catalog `days` later.
    public func advanced(by days: Int = 1) -> SimulatedCatalog {
        onDay(day + days)
    }

    /// The same catalog on another day.
    public func onDay(_ day: Int) -> SimulatedCatalog {
        SimulatedCatalog(seed: seed, items: items, day: day, dailyChange: dailyChange)
    }

    // MARK: - Size and calendar

    /// How much of the default day this catalog's day changes (1 by default).
    var changeScale: Double { dailyChange / Self.defaultDailyChange }

    /// 2 % of the catalog by default (exactly `items / 50`), scaled with the daily change.
    public var newItemsPerDay: Int { max(1, Int(Double(items) / 50 * changeScale)) }

    /// Indices that exist by this day (listed or not): `0..<universeSize`.
    public var universeSize: Int { items + day * newItemsPerDay }

    /// Day 0 is Monday 2025-01-06 00:00 UTC.
    public static let epoch = Date(timeIntervalSince1970: 1_736_121_600)

    public func date(ofDay day: Int) -> Date {
        Self.epoch + Double(day) * 86_400
    }

    /// Now, as the simulator sees it: noon of the current day.
    public var now: Date { date(ofDay: day) + 43_200 }

    // MARK: - Items

    func traits(_ index: Int, _ provider: Provider) -> ItemTraits {
        ItemTraits(seed: seed, provider: provider, index: index, baseItems: items, newPerDay: newItemsPerDay, changeScale: changeScale)
    }

    func isListed(_ traits: ItemTraits, provider: Provider) -> Bool {
        guard traits.exists(on: day), !traits.isDropped(on: day) else { return false }
        switch provider {
        case .coursera, .edx: return !traits.isRetired(on: day)
        case .linkedin, .skillsoft: return true
        }
    }

    public func item(at index: Int, for provider: Provider) -> SimulatedItem {
        precondition(index >= 0 && index < universeSize, "index \(index) outside the catalog")
        return SimulatedItem(catalog: self, provider: provider, index: index, traits: traits(index, provider))
    }

    public func isListed(_ index: Int, for provider: Provider) -> Bool {
        index >= 0 && index < universeSize && isListed(traits(index, provider), provider: provider)
    }

    // MARK: - Whole-catalog expectations (O(universe) time, O(1) memory)

    /// Entries the provider's full listing returns today (all types; LinkedIn: all locales, retired included).
    public func listedCount(for provider: Provider) -> Int {
        (0..<universeSize).reduce(0) { $0 + (isListed($1, for: provider) ? 1 : 0) }
    }

    /// Listed, not retired, of a synchronized type: what a correct sync keeps active.
    public func activeSynchronizedCount(for provider: Provider) -> Int {
        var count = 0
        for index in 0..<universeSize {
            let t = traits(index, provider)
            guard isListed(t, provider: provider), !t.isRetired(on: day) else { continue }
            if ContentType.isSynchronized(ItemTraits.normalizedType(t.rawType, provider: provider), provider: provider) {
                count += 1
            }
        }
        return count
    }

    /// Provider ids of `activeSynchronizedCount` (builds the ids: meant for tests on small catalogs).
    public func activeSynchronizedIds(for provider: Provider) -> [String] {
        (0..<universeSize).compactMap { index in
            let t = traits(index, provider)
            guard isListed(t, provider: provider), !t.isRetired(on: day),
                  ContentType.isSynchronized(ItemTraits.normalizedType(t.rawType, provider: provider),
                                             provider: provider) else { return nil }
            return item(at: index, for: provider).providerId
        }
    }

    // MARK: - Coursera programs and edX catalogs

    public static let courseraPrograms: [(id: String, name: String, slug: String)] = [
        ("prog-data-skills", "Data Skills Academy", "data-skills"),
        ("prog-leadership", "Leadership Track", "leadership"),
        ("prog-tech", "Technology Upskilling", "tech-upskilling"),
    ]

    /// Every Coursera item belongs to one or two programs.
    func courseraProgramIds(index: Int) -> [String] {
        var h = SeededHash(seed: seed, salt: "programs", index)
        let first = h.int(Self.courseraPrograms.count)
        var ids = [Self.courseraPrograms[first].id]
        if h.unit() < 0.3 { ids.append(Self.courseraPrograms[(first + 1) % Self.courseraPrograms.count].id) }
        return ids.sorted()
    }

    /// edX enterprise catalogs: the first holds everything, the second every tenth entry
    /// (catalogs overlap, as real ones do: a client must deduplicate by key).
    public static let edxCatalogs: [(uuid: String, title: String)] = [
        ("4a1c2e3f-0000-4000-a000-00000000ed01", "All Enterprise Content"),
        ("4a1c2e3f-0000-4000-a000-00000000ed02", "Featured Courses"),
    ]
    public static let edxEnterpriseCustomer = "7b2d9e10-0000-4000-a000-0000000e0c01"

    func isInEdxCatalog(_ catalogIndex: Int, index: Int) -> Bool {
        catalogIndex == 0 || index % 10 == 0
    }
}
