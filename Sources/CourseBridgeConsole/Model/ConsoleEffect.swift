import CourseBridgeCore

/// Work `update` asks for; `ConsoleRuntime` performs it through `ConsoleServices` and answers with messages.
public enum ConsoleEffect: Equatable, Sendable {
    // Reads
    case loadDashboard
    case loadCourses(CourseListQuery)
    case loadCourseDetail(Course)
    case loadRuns(Int64?)
    case loadStats(StatsQuery)
    case loadQuarantine(search: String, offset: Int, limit: Int)
    case loadFilterOptions(Int64)
    case previewFilter(Int64, CatalogFilter)
    case loadCredentials(Int64)
    case loadWebhook(Int64)
    case loadWizardOptions
    case loadEvents(EventQuery)
    case loadIntake
    // Changes
    case saveCredentials(Int64, [String: String], thenTest: Bool)
    case testConnection(Int64)
    case rotateWebhookSecret(Int64)
    case setLearnerIdentification(Int64, LearnerIdentification)
    case setTagSync(Int64, Bool)
    case setSchedule(Int64, DailySchedule)
    /// A whole listing every N days; the daily runs between read only changes (issue 18).
    case setFullListingInterval(Int64, Int)
    case deactivate(Int64)
    case activate(Int64)
    /// Only an integration with no course and no statistics; the store refuses the others.
    case deleteIntegration(Int64)
    case saveFilters(Int64, CatalogFilter)
    case saveCourseEdits(courseId: Int64, skills: [String], manualTags: [String])
    /// `path` is absolute; an existing file is replaced only with `overwrite` (after the console asked).
    case exportStats(StatsQuery, path: String, overwrite: Bool)
    case replay([String]?)
    case createIntegration(Provider, groupId: Int64, authorEmail: String)
    case setSelectedPrograms(Int64, [String])
    /// The wizard's TEST CONNECTION: nothing is stored yet.
    case testWizardCredentials(Provider, [String: String])
    /// The wizard's last step: the integration, its credentials and (Coursera) programs, created together.
    case finishWizard(Provider, groupId: Int64, authorEmail: String, credentials: [String: String], programs: [String]?)
    // Sync
    case startSync(Int64, confirmArchive: Bool)
    case cancelSync(Int64)
    case quit
    /// Written to the terminal by the loop (OSC 52), never by the runtime's queues: it must not cut into a frame.
    case copyToClipboard(String)

    /// Refused in `--read-only` mode.
    public var changesData: Bool {
        switch self {
        case .loadDashboard, .loadCourses, .loadCourseDetail, .loadRuns, .loadStats, .loadQuarantine, .loadFilterOptions,
             .previewFilter, .loadCredentials, .loadWebhook, .loadWizardOptions, .loadEvents, .loadIntake, .testConnection, .testWizardCredentials, .exportStats, .quit, .cancelSync, .copyToClipboard:
            false
        default:
            true
        }
    }
}
