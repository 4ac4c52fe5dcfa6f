import CourseBridgeCore

/// Which slice of a provider's catalog a listing request asks for.
enum ListingVariant: Hashable, Sendable {
    case all
    case linkedinLocale(Int, includeRetired: Bool)
    case courseraProgram(String)
    case edxCatalog(Int)
}

struct ListingQuery: Hashable, Sendable {
    let provider: Provider
    let variant: ListingVariant
    /// A changes-since read: only items created, changed or retired on this day or later.
    var changedFromDay: Int? = nil
}

/// Random access into a filtered listing without materializing it: one pass counts the
/// listed entries per block of indices, then position → index needs one block scan.
/// Memory is `universe / blockSize` integers.
struct ListingIndex: Sendable {
    static let blockSize = 1024

    let catalog: SimulatedCatalog
    let query: ListingQuery
    /// `blockStarts[b]` = listed entries before block `b`.
    private let blockStarts: [Int]
    /// A changes-since listing is a few percent of the universe: its indices are kept, so a page costs its own items
    /// rather than a scan of the blocks around them (as a provider's index on modification times would).
    private let changed: [Int]?
    let total: Int

    init(catalog: SimulatedCatalog, query: ListingQuery) {
        self.catalog = catalog
        self.query = query
        var starts: [Int] = []
        var changed: [Int]? = query.changedFromDay == nil ? nil : []
        var running = 0
        var index = 0
        while index < catalog.universeSize {
            if index % Self.blockSize == 0 { starts.append(running) }
            if Self.includes(catalog, query, index) {
                running += 1
                changed?.append(index)
            }
            index += 1
        }
        blockStarts = starts
        self.changed = changed
        total = running
    }

    static func includes(_ catalog: SimulatedCatalog, _ query: ListingQuery, _ index: Int) -> Bool {
        let traits = catalog.traits(index, query.provider)
        guard catalog.isListed(traits, provider: query.provider) else { return false }
        if let from = query.changedFromDay {
            guard let changed = traits.lastChangeDay(on: catalog.day), changed >= from else { return false }
        }
        switch query.variant {
        case .all:
            return true
        case .linkedinLocale(let locale, let includeRetired):
            return traits.localeIndex == locale && (includeRetired || !traits.isRetired(on: catalog.day))
        case .courseraProgram(let id):
            return catalog.courseraProgramIds(index: index).contains(id)
        case .edxCatalog(let c):
            return catalog.isInEdxCatalog(c, index: index)
        }
    }

    /// Universe indices of listing positions `position ..< position + count` (fewer at the end).
    func indices(from position: Int, count: Int) -> [Int] {
        guard position < total, count > 0, !blockStarts.isEmpty else { return [] }
        if let changed { return Array(changed[position..<min(position + count, total)]) }
        // Last block whose start is <= position.
        var low = 0, high = blockStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if blockStarts[mid] <= position { low = mid } else { high = mid - 1 }
        }
        var seen = blockStarts[low]
        var index = low * Self.blockSize
        var out: [Int] = []
        out.reserveCapacity(min(count, total - position))
        while index < catalog.universeSize, out.count < count {
            if Self.includes(catalog, query, index) {
                if seen >= position { out.append(index) }
                seen += 1
            }
            index += 1
        }
        return out
    }
}
