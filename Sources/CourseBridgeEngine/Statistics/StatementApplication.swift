import CourseBridgeCore
import CourseBridgeStore
import Foundation

/// Applies a stored statement: voiding, learner and course matching, the provider's attempt rules,
/// and the outcome recorded on the statement. Runs inside the caller's transaction.
enum StatementApplication {
    /// A statement just stored as pending.
    static func applyNew(_ statement: XAPIStatement, id: String, integration: Integration, receivedAt: Date,
                         tx: StatisticsTransaction) throws -> (StatementOutcome, String?) {
        let integrationId = integration.id ?? 0
        if let target = statement.voidedStatementId {
            let (outcome, reason) = try void(target, by: id, integration: integration, tx: tx)
            try tx.setOutcome(integrationId: integrationId, statementId: id, outcome, reason: reason)
            return (outcome, reason)
        }
        if let voiding = try tx.voidingStatement(integrationId: integrationId, targetId: id) {
            // The voiding statement arrived first: this one never counts.
            let reason = "voided by statement \(voiding.statementId), which arrived first"
            try tx.setOutcome(integrationId: integrationId, statementId: id, .voided, reason: reason)
            return (.voided, reason)
        }
        return try applyMatched(statement, id: id, integration: integration, receivedAt: receivedAt, tx: tx, recompute: false)
    }

    /// Matches learner and course; applies the rules to the attempts (or recomputes them from every
    /// applied statement, for a replay whose statement belongs earlier in the sequence).
    static func applyMatched(_ statement: XAPIStatement, id: String, integration: Integration, receivedAt: Date,
                             tx: StatisticsTransaction, recompute: Bool) throws -> (StatementOutcome, String?) {
        let integrationId = integration.id ?? 0
        switch try StatementMatching.target(of: statement, integration: integration, tx: tx) {
        case .skipped(let reason):
            try tx.setOutcome(integrationId: integrationId, statementId: id, .skipped, reason: reason)
            return (.skipped, reason)
        case .quarantined(let reason):
            try tx.setOutcome(integrationId: integrationId, statementId: id, .quarantined, reason: reason)
            return (.quarantined, reason)
        case .target(let user, let course):
            guard let userId = user.id, let courseId = course.id else { return (.skipped, "the learner or course has no id") }
            try tx.setOutcome(integrationId: integrationId, statementId: id, .applied, reason: nil, userId: userId, courseId: courseId)
            if recompute {
                try AttemptRecompute.recompute(userId: userId, course: course, integration: integration, tx: tx)
            } else if let fact = ActivityFact.from(statement, provider: integration.provider, receivedAt: receivedAt) {
                try AttemptApplication.applyAndSave(fact, integration: integration, course: course, userId: userId, tx: tx, now: receivedAt)
            }
            return (.applied, nil)
        }
    }

    /// Voids `targetId`: a statement already counted stops counting (its learner's attempts are recomputed);
    /// one not received yet will be voided on arrival.
    static func void(_ targetId: String, by voidingId: String, integration: Integration,
                     tx: StatisticsTransaction) throws -> (StatementOutcome, String?) {
        let integrationId = integration.id ?? 0
        guard let target = try tx.statement(integrationId: integrationId, statementId: targetId) else {
            return (.applied, "voids statement \(targetId), not received yet: it will not count when it arrives")
        }
        if target.voidsStatementId != nil {
            return (.skipped, "statement \(targetId) is itself a voiding statement, which cannot be voided")
        }
        try tx.setOutcome(integrationId: integrationId, statementId: targetId, .voided, reason: "voided by statement \(voidingId)",
                          userId: target.userId, courseId: target.courseId)
        if target.outcome == .applied, let userId = target.userId, let courseId = target.courseId, let course = try tx.course(id: courseId) {
            try AttemptRecompute.recompute(userId: userId, course: course, integration: integration, tx: tx)
        }
        return (.applied, "voids statement \(targetId)")
    }

    /// A stored statement parsed again (for recompute and replay).
    static func parse(_ stored: StoredStatement, provider: Provider) -> XAPIStatement? {
        guard let json = XAPIJSON.parse(Data(stored.body.utf8)) else { return nil }
        return try? XAPIStatementParser.statement(json, at: "statement", options: .for(provider))
    }
}
