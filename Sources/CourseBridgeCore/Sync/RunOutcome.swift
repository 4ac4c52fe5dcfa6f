import Foundation

/// How a sync run ended (or that it is still going), as the run history records it.
public enum RunOutcome: String, Sendable, Codable, CaseIterable {
    case running, succeeded, held, cancelled, failed
    /// Left running by a process that was killed; nothing was archived.
    case interrupted

    /// The outcome a finished run's last progress phase means; nil while the run goes on.
    public init?(finalPhase phase: SyncProgress.Phase) {
        switch phase {
        case .succeeded: self = .succeeded
        case .held: self = .held
        case .cancelled: self = .cancelled
        case .failed: self = .failed
        case .starting, .listing, .archiving, .pullingStatistics: return nil
        }
    }

    /// A run that finished and wrote the catalog it read: the scheduler counts it as the day's run.
    public var completedListing: Bool { self == .succeeded || self == .held }
}

/// What started a sync run.
public enum SyncTrigger: String, Sendable, Codable, CaseIterable { case schedule, manual, startup }
