import CourseBridgeCore
import CourseBridgeData
import Foundation

/// Applies a statement: voiding, learner and course matching, the provider's attempt rules, and the
/// outcome recorded on the statement. Runs inside the caller's transaction.
enum StatementApplication {
    /// Where a statement's outcome goes: a new statement's row is inserted with it (one write, no update
    /// of the indexed outcome columns); a replayed statement's row is updated.
    struct Recorder {
        let integrationId: Int64
        let statementId: String
        /// The row to insert; nil when the statement is already stored.
        let newRow: NewRow?

        struct NewRow {
            let body: String
            let contentHash: String
            let voids: String?
            let receivedAt: Date
        }

        func record(_ outcome: StatementOutcome, reason: String?, userId: Int64? = nil, courseId: Int64? = nil,
                    tx: StatisticsTransaction) throws {
            if let row = newRow {
                try tx.insertStatement(integrationId: integrationId, statementId: statementId, body: row.body, contentHash: row.contentHash,
                                       voids: row.voids, receivedAt: row.receivedAt, outcome: outcome, reason: reason,
                                       userId: userId, courseId: courseId)
            } else {
                try tx.setOutcome(integrationId: integrationId, statementId: statementId, outcome, reason: reason, userId: userId, courseId: courseId)
            }
        }
    }

    /// A statement just received (not stored yet: `recorder` inserts it with its outcome).
    /// `read`: the statement's reading and activity fact, when the caller worked them out already.
    static func applyNew(_ statement: XAPIStatement, id: String, integration: Integration, receivedAt: Date,
                         tx: StatisticsTransaction, recorder: Recorder,
                         read: (reading: StatementReading, fact: ActivityFact?)? = nil) throws -> (StatementOutcome, String?) {
        let integrationId = integration.id ?? 0
        if let target = statement.voidedStatementId {
            let (outcome, reason) = target.lowercased() == id.lowercased()
                ? (.skipped, "statement \(target) is itself a voiding statement, which cannot be voided")
                : try void(target, by: id, integration: integration, tx: tx)
            try recorder.record(outcome, reason: reason, tx: tx)
            return (outcome, reason)
        }
        if let voiding = try tx.voidingStatement(integrationId: integrationId, targetId: id) {
            // The voiding statement arrived first: this one never counts.
            let reason = "voided by statement \(voiding.statementId), which arrived first"
            try recorder.record(.voided, reason: reason, tx: tx)
            return (.voided, reason)
        }
        return try applyMatched(statement, integration: integration, receivedAt: receivedAt, tx: tx, recorder: recorder,
                                recompute: false, read: read)
    }

    /// Matches learner and course; applies the rules to the attempts (or recomputes them from every
    /// applied statement, for a replay whose statement belongs earlier in the sequence).
    static func applyMatched(_ statement: XAPIStatement, integration: Integration, receivedAt: Date,
                             tx: StatisticsTransaction, recorder: Recorder, recompute: Bool,
                             read: (reading: StatementReading, fact: ActivityFact?)? = nil) throws -> (StatementOutcome, String?) {
        let reading = read?.reading ?? StatementReading(statement, integration: integration)
        switch try StatementMatching.target(of: statement, reading: reading, integration: integration, tx: tx) {
        case .skipped(let reason):
            try recorder.record(.skipped, reason: reason, tx: tx)
            return (.skipped, reason)
        case .quarantined(let reason):
            try recorder.record(.quarantined, reason: reason, tx: tx)
            return (.quarantined, reason)
        case .target(let user, let course):
            guard let userId = user.id, let courseId = course.id else {
                try recorder.record(.skipped, reason: "the learner or course has no id", tx: tx)
                return (.skipped, "the learner or course has no id")
            }
            // Recorded first: a recompute reads this statement among the applied ones.
            try recorder.record(.applied, reason: nil, userId: userId, courseId: courseId, tx: tx)
            if recompute {
                try AttemptRecompute.recompute(userId: userId, course: course, integration: integration, tx: tx)
            } else if let fact = read.map({ $0.fact }) ?? ActivityFact.from(statement, provider: integration.provider, receivedAt: receivedAt) {
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
        guard let json = try? XAPIJSON.parse(Data(stored.body.utf8)) else { return nil }
        return try? XAPIStatementParser.statement(json, at: "statement", options: .for(provider))
    }
}
