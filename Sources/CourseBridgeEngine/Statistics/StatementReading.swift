import CourseBridgeCore
import CourseBridgeData

/// What matching a pushed statement reads from the statement alone: its learner's lookup value and its course's
/// provider ids. Ingestion reads it once, on the request's thread (`StatementIngestor.PreparedStatement`), so the
/// one writer (the group commit's thread, which everything waits for) only looks things up.
struct StatementReading: Sendable {
    /// `LearnerMatcher.lookupValue` of the actor under the integration's learner identification.
    let learnerValue: String?
    let activityId: String?
    /// `StatementMatching.providerIds` of the activity id (empty without one).
    let providerIds: [String]

    init(_ statement: XAPIStatement, integration: Integration) {
        learnerValue = LearnerMatcher.lookupValue(statement.actor, mode: integration.learnerIdentification)
        activityId = statement.object.activityId
        providerIds = activityId.map { StatementMatching.providerIds(objectId: $0, provider: integration.provider) } ?? []
    }
}
