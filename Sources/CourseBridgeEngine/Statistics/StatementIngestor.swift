import CourseBridgeCore
import CourseBridgeData
import Foundation

/// What became of one statement of a request.
public struct IngestedStatement: Sendable, Equatable {
    public var id: String
    /// Nil for a duplicate: the same id and content was received before and counted once.
    public var outcome: StatementOutcome?
    public var reason: String?
    public var isDuplicate: Bool { outcome == nil }
}

/// Pushed xAPI statements: validated by the caller (`XAPIStatementParser`), then stored, applied and given
/// their outcome in a group-committed transaction (synchronous=FULL), all-or-nothing per request
/// (`StatementCommitGroup`), so the reply can say "stored" and a batch is all-or-nothing.
public final class StatementIngestor: Sendable {
    let store: any DataStore
    let now: @Sendable () -> Date
    let commits: StatementCommitGroup

    public init(store: any DataStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
        commits = StatementCommitGroup(store: store)
    }

    // MARK: - Ingest

    /// Stores and applies a batch; ids are generated for statements without one (returned in order).
    /// Throws `.conflict` (nothing stored) when an id was already received with different content.
    public func ingest(_ statements: [XAPIStatement], integration: Integration) throws(StatisticsError) -> [IngestedStatement] {
        do {
            let (work, plan, lookups) = self.work(for: statements, integration: integration)
            return try commits.run(work, plan: plan, lookups: lookups)
        } catch {
            throw .from(error)
        }
    }

    /// `ingest` for the server: `done` is called once the statements are durable (or refused), without a
    /// thread waiting meanwhile.
    public func ingest(_ statements: [XAPIStatement], integration: Integration,
                       done: @escaping @Sendable (Result<[IngestedStatement], StatisticsError>) -> Void) {
        let (work, plan, lookups) = self.work(for: statements, integration: integration)
        commits.submit(work, plan: plan, lookups: lookups) { result in
            done(result.mapError { StatisticsError.from($0) })
        }
    }

    private func work(for statements: [XAPIStatement], integration: Integration)
        -> (StatementCommitGroup.Work, StatementCommitGroup.Plan, StatementCommitGroup.Lookups) {
        let receivedAt = now()
        // Hashing and the stored text are computed here, in the request's thread, not in the one writer.
        let prepared = statements.map {
            PreparedStatement($0, id: $0.id ?? UUID().uuidString.lowercased(), integration: integration, receivedAt: receivedAt)
        }
        let work: StatementCommitGroup.Work = { tx in
            guard let integrationId = integration.id else { throw StoreError.notFound("the integration has no id") }
            return try prepared.map { p in
                try Self.ingestOne(p, integrationId: integrationId, integration: integration, receivedAt: receivedAt, tx: tx)
            }
        }
        return (work, { tx in Self.prefetchPlan(prepared, integration: integration, tx: tx) },
                { Self.lookups(prepared, integration: integration) })
    }

    static func ingestOne(_ prepared: PreparedStatement, integrationId: Int64, integration: Integration,
                          receivedAt: Date, tx: StatisticsTransaction) throws -> IngestedStatement {
        let (statement, id, hash) = (prepared.statement, prepared.id, prepared.contentHash)
        if let existing = try tx.statement(integrationId: integrationId, statementId: id) {
            guard existing.contentHash == hash else {
                throw StoreError.conflict("statement id \(id) was already received with different content: "
                                          + "statement ids are immutable in xAPI; send changes with a new id (nothing in this request was stored)")
            }
            return IngestedStatement(id: id, outcome: nil, reason: "duplicate of a statement received before: counted once")
        }
        let recorder = StatementApplication.Recorder(
            integrationId: integrationId, statementId: id,
            newRow: .init(body: prepared.body, contentHash: hash, voids: statement.voidedStatementId, receivedAt: receivedAt))
        let (outcome, reason) = try StatementApplication.applyNew(statement, id: id, integration: integration,
                                                                  receivedAt: receivedAt, tx: tx, recorder: recorder,
                                                                  read: (prepared.reading, prepared.fact))
        return IngestedStatement(id: id, outcome: outcome, reason: reason)
    }

    /// A statement with what storing, matching and applying it need, computed before entering the writer.
    struct PreparedStatement: Sendable {
        let statement: XAPIStatement
        let id: String
        let contentHash: String
        let body: String
        let reading: StatementReading
        /// `ActivityFact.from` the statement, as the rules will apply it.
        let fact: ActivityFact?

        init(_ statement: XAPIStatement, id: String, integration: Integration, receivedAt: Date) {
            self.statement = statement
            self.id = id
            contentHash = statement.contentHash
            body = statement.canonicalText(withId: id)  // as received, with its id (generated ones included)
            reading = StatementReading(statement, integration: integration)
            fact = ActivityFact.from(statement, provider: integration.provider, receivedAt: receivedAt)
        }
    }
}
