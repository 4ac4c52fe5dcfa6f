/// Every screen of the console; the model keeps a stack of them (Esc pops).
public enum ScreenKind: Hashable, Sendable {
    case dashboard
    case integration(Int64)
    case credentials(Int64)
    case webhook(Int64)
    case schedule(Int64)
    case filters(Int64)
    case sync(Int64)
    case history(Int64?)
    case runDetail(Int64)
    case courses(Int64?)
    case courseDetail(Int64)
    case stats
    case quarantine
    case wizard
    case events
    case intake

    public var title: String {
        switch self {
        case .dashboard: "Dashboard"
        case .integration(let id): "Integration \(id) · settings"
        case .credentials(let id): "Integration \(id) · provider credentials"
        case .webhook(let id): "Integration \(id) · webhook credentials"
        case .schedule(let id): "Integration \(id) · schedule"
        case .filters(let id): "Integration \(id) · filters"
        case .sync(let id): "Integration \(id) · sync"
        case .history(let id): id.map { "Integration \($0) · sync history" } ?? "Sync history"
        case .runDetail(let id): "Sync run \(id)"
        case .courses(let id): id.map { "Integration \($0) · courses" } ?? "Courses"
        case .courseDetail(let id): "Course \(id)"
        case .stats: "Learner statistics"
        case .quarantine: "Quarantine"
        case .wizard: "New integration"
        case .events: "Event log"
        case .intake: "Live intake"
        }
    }

    /// Screens whose keys type text: letters are input, not commands.
    public var isForm: Bool {
        switch self {
        case .credentials, .schedule, .courseDetail: true
        default: false
        }
    }
}
