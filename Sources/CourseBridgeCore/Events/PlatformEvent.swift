import Foundation

/// One line of the event log (`coursebridge events`, the console's `e`): what happened, when, to which
/// integration. Kept across restarts, newest first, pruned to the most recent `PlatformEvent.kept`.
public struct PlatformEvent: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case syncStarted = "sync-started"
        case syncEnded = "sync-ended"
        case statements
        case tokenFailure = "token-failure"
        case quarantine
        case error
    }

    public enum Severity: String, Sendable, Codable { case info, warning, error }

    /// The log keeps this many events; older ones go as new ones arrive.
    public static let kept = 100_000

    public var id: Int64?
    public var at: Date
    public var kind: Kind
    public var severity: Severity
    public var integrationId: Int64?
    public var message: String

    public init(id: Int64? = nil, at: Date, kind: Kind, severity: Severity = .info, integrationId: Int64?, message: String) {
        self.id = id
        self.at = at
        self.kind = kind
        self.severity = severity
        self.integrationId = integrationId
        self.message = message
    }
}

/// Which events to show.
public struct EventQuery: Sendable, Equatable {
    public var kinds: Set<PlatformEvent.Kind>
    public var integrationId: Int64?
    public var text: String?
    public var limit: Int

    public init(kinds: Set<PlatformEvent.Kind> = [], integrationId: Int64? = nil, text: String? = nil, limit: Int = 200) {
        self.kinds = kinds
        self.integrationId = integrationId
        self.text = text
        self.limit = limit
    }
}
