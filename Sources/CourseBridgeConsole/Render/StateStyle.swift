import CourseBridgeCore

/// The one role each state has on every screen: a failed run is `.failed` in the history, the run detail, the sync
/// screen and the dashboard alike; held, no credentials and deactivated likewise.
enum StateStyle {
    static func run(_ outcome: RunOutcome) -> StyleID {
        switch outcome {
        case .failed: .failed
        case .held: .held
        case .cancelled, .interrupted: .warning
        case .succeeded: .ok
        case .running: .accent
        }
    }

    static func phase(_ phase: SyncProgress.Phase) -> StyleID {
        guard phase.isFinal, let outcome = RunOutcome(finalPhase: phase) else { return .accent }
        return run(outcome)
    }

    /// A dashboard row: deactivated first (nothing runs), then missing credentials (nothing can run).
    static func integration(_ s: IntegrationSummary) -> StyleID {
        if s.integration.state == .deactivated { return .deactivated }
        if !s.integration.hasCredentials { return .noCredentials }
        if s.lastRun?.outcome == .failed { return .failed }
        if s.lastRun?.outcome == .held { return .held }
        return .normal
    }
}
