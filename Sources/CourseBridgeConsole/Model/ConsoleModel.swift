import CourseBridgeCore
import Foundation

/// Cursor, scroll position and `/` filter of one list.
public struct ListState: Equatable, Sendable {
    public var selected = 0
    public var top = 0
    public var filter = ""
    public var filtering = false
    /// Where typing goes in the `/` filter (nil: at the end).
    public var filterCursor: Int?
    public init() {}
}

public struct Flash: Equatable, Sendable {
    public var text: String
    public var isError: Bool
    public var ticksLeft: Int
}

/// A question before anything destructive. Cancel is focused first.
public struct Confirm: Equatable, Sendable {
    public var title: String
    public var lines: [String]
    public var confirmLabel: String
    public var onConfirm: [ConsoleEffect]
    public var focusOnConfirm = false
    /// Confirming drops the form's unsaved edits and leaves the screen (Esc on an edited form).
    public var discardsForm = false
}

public enum Overlay: Equatable, Sendable {
    case help
    case confirm(Confirm)
    case command(String)
    case prompt(Prompt)
}

/// A one-line text question (export path).
public struct Prompt: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable { case exportStats }
    public var label: String
    public var value: String
    public var purpose: Purpose
    /// Where typing goes (nil: at the end).
    public var cursor: Int? = nil
    /// A second line under the field (the export says which rows it holds).
    public var note: String? = nil
}

public struct FormField: Equatable, Sendable {
    public var key: String
    public var label: String
    public var value: String
    public var isSecret: Bool
    /// Where typing goes (nil: at the end).
    public var cursor: Int?
    public init(key: String, label: String, value: String = "", isSecret: Bool = false) {
        self.key = key
        self.label = label
        self.value = value
        self.isSecret = isSecret
    }
}

/// A form of text fields: provider credentials, schedule, a course's skills and manual tags.
public struct FormState: Equatable, Sendable {
    public var fields: [FormField]
    public var focus = 0
    public var revealed = false
    public var dirty = false
    public init(fields: [FormField]) { self.fields = fields }
    public var values: [String: String] {
        Dictionary(fields.map { ($0.key, $0.value.trimmed) }, uniquingKeysWith: { a, _ in a })
    }
}

/// The filters screen: multi-select of languages and content types with a live archive-impact preview.
public struct FilterEditor: Equatable, Sendable {
    public var integrationId: Int64
    public var options: FilterOptions
    public var languages: Set<String>
    public var contentTypes: Set<String>
    public var cursor = 0
    public var impact: Int?
    public var filter: CatalogFilter {
        CatalogFilter(languages: options.languages.map(\.value).filter(languages.contains),
                      contentTypes: options.contentTypes.map(\.value).filter(contentTypes.contains))
    }
}

/// The state of the whole console. Changed only by `update`.
public struct ConsoleModel: Equatable, Sendable {
    // MARK: - Frame and mode
    public var width = 80
    public var height = 24
    public var readOnly: Bool
    public var now: Date
    public var publicBaseURL: String
    public var tick = 0
    public var quitRequested = false
    /// Who acts (title bar; the wizard is refused up front to those who may not create integrations).
    public var actor: ActingUser?

    // MARK: - Navigation
    public var stack: [ScreenKind] = [.dashboard]
    public var lists: [ScreenKind: ListState] = [:]
    public var overlay: Overlay?
    /// The `:` line's cursor (nil: at the end), its earlier commands (oldest first) and which one Up recalled.
    public var commandCursor: Int?
    public var commandHistory: [String] = []
    public var commandRecall: Int?
    /// What Tab found when several commands match (shown beside the line).
    public var commandMatches: [String] = []
    /// Sync history shows only failed runs and runs with errors (f).
    public var failedRunsOnly = false
    /// Where the statistics export is written when its path is relative (shown in full in the prompt).
    public var exportFolder = "."
    public var flash: Flash?
    public var warning: String?

    // MARK: - Data (what the services last returned)
    public var integrations: [IntegrationSummary] = []
    public var progress: [Int64: SyncProgress] = [:]
    public var courses: Page<Course> = .empty
    public var courseQuery = CourseListQuery(integrationId: nil)
    public var courseDetail: CourseDetail?
    public var runs: [SyncRunRecord] = []
    public var stats: Page<StatRow> = .empty
    public var statsQuery = StatsQuery()
    public var quarantine: Page<QuarantineRow> = .empty
    public var webhook: WebhookInfo?
    public var revealSecret = false
    public var form: FormState?
    public var filters: FilterEditor?
    public var wizard: WizardState?
    public var testing: Int64?
    public var connection: [Int64: ConnectionOutcome] = [:]
    public var loading = false
    public var events: [PlatformEvent] = []
    /// The event log's kind filter (t); nil shows every kind.
    public var eventKind: PlatformEvent.Kind?
    /// nil until the first read (the panel says "reading…", not "no statements").
    public var intake: [IntakeRow]?

    public init(readOnly: Bool = false, now: Date = Date(), publicBaseURL: String = "http://127.0.0.1:8080", warning: String? = nil) {
        self.readOnly = readOnly
        self.now = now
        self.publicBaseURL = publicBaseURL
        self.warning = warning
    }

    public var screen: ScreenKind { stack.last ?? .dashboard }

    public var list: ListState {
        get { lists[screen] ?? ListState() }
        set { lists[screen] = newValue }
    }

    public func summary(_ id: Int64) -> IntegrationSummary? { integrations.first { $0.integration.id == id } }

    public var runningSyncs: [SyncProgress] { progress.values.filter { !$0.phase.isFinal }.sorted { $0.integrationId < $1.integrationId } }

    /// Rows a list can show: the frame minus title, info, column header, status line and footer.
    public var listHeight: Int {
        let base = max(1, height - 5 - FooterLayout.extraRows(self))
        switch screen {
        case .dashboard: return max(1, base - 9 - IntakePanel.height(self))
        case .quarantine: return max(1, base - QuarantineDetail.height)   // the selected statement in full below
        default: return base
        }
    }
}
