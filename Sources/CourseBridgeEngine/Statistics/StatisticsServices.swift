import CourseBridgeData
import Foundation

/// The engine services behind `coursebridge serve`'s endpoints, over one data store: the server holds these
/// and never the store.
public final class StatisticsServices: Sendable {
    public let ingestor: StatementIngestor
    public let launchGate: LaunchGate
    /// Statement traffic and token failures, aggregated into the event log.
    public let intake: IntakeLog
    public let authenticator: WebhookAuthenticator
    public let health: HealthCheck
    public let now: @Sendable () -> Date

    public init(store: any DataStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
        ingestor = StatementIngestor(store: store, now: now)
        launchGate = LaunchGate(store: store, now: now)
        intake = IntakeLog(store: store, now: now)
        authenticator = WebhookAuthenticator(store: store)
        health = HealthCheck(store: store)
    }
}
