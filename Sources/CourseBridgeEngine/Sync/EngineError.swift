import CourseBridgeCore
import CourseBridgeData

/// Why a sync could not start, for the administrator.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    case alreadyRunning(runId: Int64, integrationId: Int64)
    case deactivated(integrationId: Int64)
    case noCredentials(integrationId: Int64, provider: Provider)
    case store(StoreError)
    /// Another process holds the integration's sync lease (another instance runs it).
    case heldElsewhere(integrationId: Int64, holder: String)
    /// The run was asked for only if still due, and another instance ran it meanwhile.
    case noLongerDue(integrationId: Int64)

    public var description: String {
        switch self {
        case .alreadyRunning(let runId, let id):
            "integration \(id) is already syncing (run \(runId)); wait for it or cancel it"
        case .deactivated(let id):
            "integration \(id) is deactivated: synchronization is stopped; activate it with: coursebridge integration activate \(id)"
        case .noCredentials(let id, let provider):
            "integration \(id) has no \(provider.displayName) credentials; enter them with: coursebridge integration credentials \(id)"
        case .store(let error):
            error.description
        case .heldElsewhere(let id, let holder):
            "integration \(id) is being synchronized by \(holder); wait for that run to end"
        case .noLongerDue(let id):
            "integration \(id) was synchronized meanwhile by another instance"
        }
    }
}
