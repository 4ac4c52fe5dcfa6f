import CourseBridgeCore
import Foundation

/// Everything that can change the console: keys, time, engine events and results of effects.
public enum ConsoleMsg: Equatable, Sendable {
    case key(Key)
    /// A click or the wheel, with what the last frame showed under it.
    case mouse(MouseEvent, HitTarget?)
    case resize(width: Int, height: Int)
    case tick(Date)
    case progress(SyncProgress)
    case loaded(Loaded)
    /// An action finished: say so, then reload what the screen shows.
    case done(String)
    case failed(String)
    /// Ctrl-C or SIGTERM.
    case interrupt
}

public enum Loaded: Equatable, Sendable {
    case dashboard([IntegrationSummary])
    case courses(CourseListQuery, Page<Course>)
    case courseDetail(CourseDetail)
    case runs([SyncRunRecord])
    case stats(StatsQuery, Page<StatRow>)
    case quarantine(Page<QuarantineRow>)
    case filterOptions(Int64, FilterOptions)
    case filterImpact(Int64, CatalogFilter, Int)
    case credentials(Int64, [String: String])
    case webhook(Int64, WebhookInfo)
    case wizardOptions(WizardOptions)
    case connection(Int64, ConnectionOutcome)
    case syncStarted(integrationId: Int64, runId: Int64)
    /// The engine would not start the run (no such integration, deactivated, no credentials, already running).
    case syncRefused(integrationId: Int64, reason: String)
    case integrationCreated(Int64)
    case integrationDeleted(Int64)
    case wizardTested(ConnectionOutcome)
    case events(EventQuery, [PlatformEvent])
    case intake([IntakeRow])
    /// The export's file exists: the console asks before replacing it.
    case exportExists(StatsQuery, path: String)
}
