import CourseBridgeData
@testable import CourseBridgeStore
import Foundation
import GRDB
import Testing

/// Ingestion asks, for every statement pushed, whether its id was received before and whether a statement voiding
/// it arrived first. A probe that builds no rows answers for the new ones; what it finds is then read in full.
struct StatementProbeTests {
    private func insert(_ id: String, voids: String? = nil, integration: Int64 = 1, _ db: Database) throws {
        try SQLiteStatisticsTransaction(db: db).insertStatement(
            integrationId: integration, statementId: id, body: "{\"id\":\"\(id)\"}", contentHash: "hash-\(id)", voids: voids,
            receivedAt: Date(timeIntervalSince1970: 0), outcome: .applied, reason: nil, userId: nil, courseId: nil)
    }

    /// (id asked, content hash found or nil, voider found or nil), with the memo ingestion uses.
    @Test(arguments: [
        ("new", nil, nil),
        ("stored", "hash-stored", nil),
        ("voided-first", nil, "voider-of-voided-first"),
        ("stored-and-voided", "hash-stored-and-voided", "voider-of-stored-and-voided"),
        ("other-integration", nil, nil),
        ("STORED", nil, nil),
    ] as [(String, String?, String?)])
    func aStatementAndItsVoiderAreFoundWhateverTheProbeSays(id: String, hash: String?, voider: String?) throws {
        try migratedDatabaseWithoutForeignKeys().write { db in
            try insert("stored", db)
            try insert("voider-of-voided-first", voids: "voided-first", db)
            try insert("stored-and-voided", db)
            try insert("voider-of-stored-and-voided", voids: "stored-and-voided", db)
            try insert("other-integration", integration: 2, db)
            try insert("voider-elsewhere", voids: "other-integration", integration: 2, db)
            let tx = SQLiteStatisticsTransaction(db: db, memo: IngestLookupCache())
            let found = try tx.statement(integrationId: 1, statementId: id)
            #expect(found?.contentHash == hash)
            #expect(try tx.voidingStatement(integrationId: 1, targetId: id)?.statementId == voider)
            // The same answers without the memo (each asked on its own).
            let plain = SQLiteStatisticsTransaction(db: db)
            #expect(try plain.statement(integrationId: 1, statementId: id)?.contentHash == hash)
            #expect(try plain.voidingStatement(integrationId: 1, targetId: id)?.statementId == voider)
        }
    }

    /// Both halves of the probe go through an index, never a scan of every statement.
    @Test func theProbeSearchesTheKeyAndTheVoidedTargetIndex() throws {
        let plan = try migratedDatabaseWithoutForeignKeys().read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteStatisticsTransaction.statementOrVoiderExistsSQL, arguments: [1, "x"])
                .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.hasPrefix("SEARCH statement USING") && $0.contains("(integration_id=? AND statement_id=?)") }, "\(plan)")
        #expect(plan.contains { $0.contains("statement_by_voided_target (integration_id=? AND voids_statement_id=?)") }, "\(plan)")
        #expect(!plan.contains { $0 == "SCAN statement" || $0.hasPrefix("SCAN statement ") }, "\(plan)")
    }
}
