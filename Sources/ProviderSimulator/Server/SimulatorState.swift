import CourseBridgeCore
import Foundation

/// Everything that changes while a simulator runs. Kept small: catalogs are computed, never stored.
struct SimulatorState: Sendable {
    var catalog: SimulatedCatalog
    var faults: [SimulatorFault]
    /// Times each fault may still fire (nil: every time), parallel to `faults`.
    var remaining: [Int?]
    var validTokens: [Provider: Set<String>] = [:]
    var tokenSerial = 0
    var requestCount = 0
    /// Listing indexes by (query, day); old days are dropped when the day advances.
    var listings: [ListingKey: ListingIndex] = [:]
    /// Skillsoft `pagingRequestId` → the day its listing was started (the listing is a snapshot).
    var skillsoftPagingRequests: [String: Int] = [:]
    /// Skillsoft report id → (day requested, polls so far).
    var skillsoftReports: [String: (day: Int, polls: Int)] = [:]

    /// When each simulated day began on the wall clock: a change of day `d` happened at `dayStartedAt[d]`, so
    /// the providers' changes-since parameters (real times) select days.
    var dayStartedAt: [Date] = [Date()]

    /// The first day whose changes happened at or after `since`; nil when none did (an empty answer).
    func firstDay(changedAtOrAfter since: Date) -> Int? {
        dayStartedAt.firstIndex { $0 >= since }.map { max(1, $0) }
    }

    struct ListingKey: Hashable, Sendable {
        let query: ListingQuery
        let day: Int
    }

    init(catalog: SimulatedCatalog, faults: [SimulatorFault]) {
        self.catalog = catalog
        dayStartedAt = Array(repeating: .distantPast, count: catalog.day) + [Date()]
        self.faults = faults
        self.remaining = faults.map(\.count)
    }

    mutating func setFaults(_ newFaults: [SimulatorFault]) {
        faults = newFaults
        remaining = newFaults.map(\.count)
    }

    mutating func advanceDay() {
        catalog = catalog.advanced(by: 1)
        dayStartedAt.append(Date())
        listings = listings.filter { $0.key.day >= catalog.day - 1 }
    }

    /// Whether the fault at `i` may fire now; consumes one firing when it does.
    mutating func consume(_ i: Int) -> Bool {
        switch remaining[i] {
        case .none: return true
        case .some(let n) where n > 0:
            remaining[i] = n - 1
            return true
        default: return false
        }
    }

    func hasFault(_ provider: Provider, where match: (SimulatorFault.Kind) -> Bool) -> Bool {
        faults.contains { $0.applies(to: provider) && match($0.kind) }
    }

    mutating func issueToken(_ provider: Provider, seed: UInt64) -> String {
        tokenSerial += 1
        var h = SeededHash(seed: seed, salt: "token-\(provider.rawValue)", tokenSerial)
        let token = "sim\(provider.rawValue.prefix(2))-\(tokenSerial)-" + h.hex(24)
        validTokens[provider, default: []].insert(token)
        return token
    }
}
