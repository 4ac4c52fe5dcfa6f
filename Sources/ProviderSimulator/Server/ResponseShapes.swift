/// Which response shapes the simulator serves.
public enum ResponseShapes: String, Sendable, CaseIterable {
    /// The shapes the providers document (the README's "what we read from each provider" table).
    case documented
    /// Variants a real provider may still send where the evidence is thin: Coursera ISO 8601 dates
    /// (and an ISO `lastActivityAfter`), edX `next: null` where the gateway writes `""`, Percipio's
    /// `x-total-count` paging and report without an empty body while it builds, LinkedIn full pages.
    case legacy
}
