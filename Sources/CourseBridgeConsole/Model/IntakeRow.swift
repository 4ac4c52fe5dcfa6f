import CourseBridgeCore
import Foundation

/// One pushing integration (LinkedIn, Skillsoft) on the live intake panel and screen.
public struct IntakeRow: Sendable, Equatable {
    public var integrationId: Int64
    public var provider: Provider
    public var groupName: String
    public var lastReceived: Date?
    /// Statements received in the last minute.
    public var lastMinute: Int
    /// Today's statements and what became of them.
    public var receivedToday: Int
    public var applied: Int
    public var quarantined: Int
    /// Refused token requests of this provider in the last hour (from the event log).
    public var tokenFailures: Int

    public init(integrationId: Int64, provider: Provider, groupName: String, lastReceived: Date? = nil, lastMinute: Int = 0,
                receivedToday: Int = 0, applied: Int = 0, quarantined: Int = 0, tokenFailures: Int = 0) {
        self.integrationId = integrationId
        self.provider = provider
        self.groupName = groupName
        self.lastReceived = lastReceived
        self.lastMinute = lastMinute
        self.receivedToday = receivedToday
        self.applied = applied
        self.quarantined = quarantined
        self.tokenFailures = tokenFailures
    }

    public var perSecond: Double { Double(lastMinute) / 60 }
}

/// What the event log screen asks for: a kind (t cycles), the `/` text.
extension ConsoleModel {
    var eventQuery: EventQuery {
        EventQuery(kinds: eventKind.map { [$0] } ?? [], text: lists[.events]?.filter ?? "", limit: 500)
    }
}

/// The kind after `kind` when `t` is pressed: all kinds, then each one, then all again.
func nextEventKind(after kind: PlatformEvent.Kind?) -> PlatformEvent.Kind? {
    let all = PlatformEvent.Kind.allCases
    guard let kind, let i = all.firstIndex(of: kind) else { return all.first }
    return i + 1 < all.count ? all[i + 1] : nil
}
