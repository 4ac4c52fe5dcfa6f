import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import Testing
@testable import CourseBridgePostgres

/// Several `coursebridge serve` instances share one PostgreSQL database: what one writes, the others read at once,
/// and they must all hold the same key.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct SharedStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    /// Runs `body` with a new schema of its own, dropped afterwards; stores are opened on it with `open`.
    private func withSchema(_ body: (_ open: (SecretBox?, [String: String]) throws -> PostgresStore) throws -> Void) throws {
        let url = try #require(TestDatabase.url)
        let schema = "cbshared_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try PostgresPool(url: url, size: 1)
        defer { admin.close() }
        try admin.execute("CREATE SCHEMA \(schema)")
        defer { _ = try? admin.execute("DROP SCHEMA \(schema) CASCADE") }
        var opened: [PostgresStore] = []
        defer { opened.forEach { $0.close() } }
        try body { secrets, environment in
            let store = try PostgresStore.open(url: url, secrets: secrets, searchPath: schema, environment: environment, now: { Self.t0 })
            opened.append(store)
            return store
        }
    }

    /// An integration (inserted as the catalog would) with credentials sealed under `store`'s key.
    private func integrationWithCredentials(_ store: PostgresStore) throws -> Int64 {
        let group = try store.addGroup(name: "Acme", parentId: nil, isPrivate: false)
        let admin = try store.addUser(User(email: "admin@acme.example"))
        let id = try #require(try store.pool.query("""
            INSERT INTO integration (provider, group_id, author_user_id, api_base, schedule_time, schedule_tz, configured_at, created_at)
            VALUES ('linkedin', $1, $2, 'https://api', '02:00', 'UTC', 0, 0) RETURNING id
            """, [group.id!, admin.id!]).first?.decode(index: 0, as: Int64.self))
        let sealed = try store.secrets.seal(Data("client-secret".utf8), boundTo: "integration:\(id):credentials")
        try store.pool.execute("UPDATE integration SET credentials_sealed = $1 WHERE id = $2", [sealed, id])
        return id
    }

    @Test func twoInstancesSeeEachOthersUsersAndRuns() throws {
        try withSchema { open in
            let key = SecretBox.ephemeral()
            let a = try open(key, [:]), b = try open(key, [:])
            let integration = try integrationWithCredentials(a)

            // A user added on one instance is found, and its e-mail taken, on the other.
            let ann = try a.addUser(User(email: "Ann@Acme.example", username: "ann"))
            #expect(try b.user(email: "ann@acme.example").id == ann.id)
            let problems = try b.addUsers([(line: 2, user: User(email: "bob@acme.example")),
                                           (line: 3, user: User(email: "ANN@acme.example", username: "ann2"))])
            #expect(problems == [ImportProblem(line: 3, reason: "duplicate email: a user with email ANN@acme.example already exists")])
            #expect(try a.users().map(\.email) == ["admin@acme.example", "Ann@Acme.example"])

            // A run started on one instance is seen running on the other, and finished there.
            let run = try a.createRun(integrationId: integration, trigger: .schedule)
            #expect(try b.runs(integrationId: integration).map(\.outcome) == [.running])
            var progress = SyncProgress(runId: run, integrationId: integration, phase: .succeeded, startedAt: Self.t0)
            progress.counts.created = 3
            try b.finishRun(runId: run, progress: progress, outcome: .succeeded, reason: nil)
            let recorded = try #require(try a.runs(integrationId: integration).first)
            #expect(recorded.id == run && recorded.outcome == .succeeded && recorded.counts.created == 3)
            #expect(try a.lastSuccessfulRun(integrationId: integration) == Self.t0)
        }
    }

    @Test func anInstanceStartingLeavesAnotherInstancesLiveRunRunning() throws {
        try withSchema { open in
            let key = SecretBox.ephemeral()
            let a = try open(key, [:]), b = try open(key, [:])
            let integration = try integrationWithCredentials(a)
            #expect(try SyncLease.acquire(a.pool, integrationId: integration, holder: "instance-a", seconds: 60))
            let run = try a.createRun(integrationId: integration, trigger: .schedule)
            // b starts while a syncs: a's run is not a leftover.
            #expect(try b.markInterruptedRuns() == 0)
            #expect(try b.runs(integrationId: integration).map(\.outcome) == [.running])
            // a dies; its lease runs out (here: made to have run out); the next start marks the run.
            try a.pool.execute("UPDATE sync_lease SET acquired_at = acquired_at - 120, expires_at = acquired_at - 60")
            #expect(try b.markInterruptedRuns() == 1)
            #expect(try b.runs(integrationId: integration).map(\.id) == [run])
            #expect(try b.runs(integrationId: integration).map(\.outcome) == [.interrupted])
        }
    }

    @Test func anInstanceWithAnotherKeyIsRefusedAtOpenAndChangesNothing() throws {
        try withSchema { open in
            let key = SecretBox.ephemeral()
            _ = try integrationWithCredentials(try open(key, [:]))
            do {
                _ = try open(.ephemeral(), [:])
                Issue.record("an instance with another key opened the database")
            } catch {
                #expect("\(error)".contains("not the key this database's 1 sealed secret is sealed with"))
            }
            // The right key still opens it.
            #expect(try open(key, [:]).secrets.fingerprint == key.fingerprint)
        }
    }

    @Test func anInstanceWithAnotherKeyIsRefusedEvenBeforeAnythingIsSealed() throws {
        try withSchema { open in
            let key = SecretBox.ephemeral()
            _ = try open(key, [:])
            do {
                _ = try open(.ephemeral(), [:])
                Issue.record("an instance with another key opened the database")
            } catch {
                #expect("\(error)".contains("is not the key the database records for its instances (fingerprint \(key.fingerprint))"))
            }
            #expect(try open(key, [:]).secrets.fingerprint == key.fingerprint)
        }
    }

    @Test func aRotationKilledBetweenItsCommitAndTheRenameIsFinishedByTheNextOpen() throws {
        let dir = NSTemporaryDirectory() + "cb-pgkey-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let keyPath = dir + "/coursebridge.key"
        let environment = ["COURSEBRIDGE_KEY_FILE": keyPath]
        try withSchema { open in
            let first = try open(nil, environment)
            _ = try integrationWithCredentials(first)
            let oldBytes = try #require(FileManager.default.contents(atPath: keyPath))
            let result = try first.rotateKey(environment: environment)
            // The moment between the commit and the rename: the new key still in .new, the old one in the key file.
            try FileManager.default.moveItem(atPath: keyPath, toPath: keyPath + ".new")
            _ = FileManager.default.createFile(atPath: keyPath, contents: oldBytes, attributes: [.posixPermissions: 0o600])
            #expect(try open(nil, environment).secrets.fingerprint == result.fingerprint)
            #expect(!FileManager.default.fileExists(atPath: keyPath + ".new"))
        }
    }

    @Test func rotationResealsUnderANewKeyFileThatTheNextInstanceUses() throws {
        let dir = NSTemporaryDirectory() + "cb-pgkey-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let keyPath = dir + "/coursebridge.key"
        let environment = ["COURSEBRIDGE_KEY_FILE": keyPath]
        try withSchema { open in
            let first = try open(nil, environment)
            let old = first.secrets
            let integration = try integrationWithCredentials(first)
            let status = try first.keyStatus(environment: environment)
            #expect(status.source == keyPath && status.fileMode == 0o600 && status.sealedSecrets == 1)

            let result = try first.rotateKey(environment: environment)
            #expect(result.resealed == 1 && result.fingerprint != old.fingerprint)
            #expect(!FileManager.default.fileExists(atPath: keyPath + ".new"))
            let next = try open(nil, environment)
            #expect(next.secrets.fingerprint == result.fingerprint)
            let sealed = try #require(try next.pool.query("SELECT credentials_sealed FROM integration WHERE id = $1", [integration])
                .first?.decode(index: 0, as: Data.self))
            #expect(try next.secrets.open(sealed, boundTo: "integration:\(integration):credentials") == Data("client-secret".utf8))
            // The old key no longer opens the database.
            #expect(throws: StoreError.self) { try open(old, [:]) }
            // A key given in the environment cannot be rotated by coursebridge.
            #expect(throws: StoreError.self) { try next.rotateKey(environment: [SecretBox.environmentVariable: "x"]) }
        }
    }
}
