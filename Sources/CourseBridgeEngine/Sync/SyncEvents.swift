import CourseBridgeCore
import CourseBridgeData

/// The event log's lines for sync runs. Writing them never fails a run: the log is for people, the run
/// history is the record.
enum SyncEvents {
    static func started(runId: Int64, integration: Integration, trigger: SyncTrigger, store: any DataStore) {
        let how = switch trigger {
        case .schedule: "scheduled"
        case .manual: "started by hand"
        case .startup: "started to catch up a run missed while stopped"
        }
        try? store.appendEvent(.syncStarted, integrationId: integration.id,
                               message: "\(integration.provider.displayName) sync #\(runId) \(how)")
    }

    static func ended(_ run: SyncProgress, integration: Integration, store: any DataStore) {
        let c = run.counts
        let counts = "\(c.created) created, \(c.updated) updated, \(c.archived) archived, \(c.ignored) ignored, \(c.unchanged) unchanged"
        let severity: PlatformEvent.Severity = switch run.phase {
        case .succeeded: .info
        case .held, .cancelled: .warning
        default: .error
        }
        var message = "\(integration.provider.displayName) sync #\(run.runId) \(run.phase.label): \(counts)"
        if run.phase != .succeeded, let reason = run.message { message += " — \(reason)" }
        try? store.appendEvent(.syncEnded, severity: severity, integrationId: integration.id, message: message)
    }
}
