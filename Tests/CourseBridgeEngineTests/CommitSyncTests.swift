import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
@testable import CourseBridgeStore
import Foundation
import Testing

/// On a SQLite file, a large group's commit returns before the disk has it; the WAL's fdatasync runs beside the
/// next group's commit. A request is answered only once the sync covering its commit has returned; a small group
/// waits for its fsync inside its commit.
struct CommitSyncTests {
    private final class Answers: @unchecked Sendable {  // under `lock`
        private let lock = NSLock()
        private var ids: [String] = []
        let arrived = DispatchSemaphore(value: 0)
        func add(_ result: Result<[IngestedStatement], StatisticsError>) {
            lock.lock()
            ids += (try? result.get().map(\.id)) ?? ["failed"]
            lock.unlock()
            arrived.signal()
        }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return ids }
    }

    /// A batch of `count` statements whose ids start with `prefix` (`count` ≥ 32: a group whose sync is deferred).
    private static func batch(_ prefix: String, count: Int = StatementCommitGroup.deferSyncFrom) throws -> [XAPIStatement] {
        let items = (0..<count).map { i in
            #"{"id":"\#(prefix)-\#(i)","actor":{"mbox":"mailto:ann@acme.example"},"verb":{"id":"http://adlnet.gov/expapi/verbs/progressed"},"object":{"id":"urn:lyndaCourse:252"},"result":{"extensions":{"https://w3id.org/xapi/cmi5/result/extensions/progress":"40"}},"timestamp":"2030-01-01T10:00:00+0000"}"#
        }
        return try XAPIStatementParser.parse(body: Data(("[" + items.joined(separator: ",") + "]").utf8), options: .for(.linkedin))
    }

    /// A store on a new file in `dir` with a LinkedIn integration and its learner ann@acme.example.
    private static func seeded(_ dir: String) throws -> (Store, Integration) {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let store = try Store.open(path: dir + "/cb.sqlite")
        let group = try store.addGroup(name: "Acme", parentId: nil, isPrivate: false)
        let admin = try store.addUser(User(email: "admin@acme.example"))
        try store.setMember(groupId: group.id!, email: admin.email, role: .groupAdmin)
        let integration = try store.addIntegration(provider: .linkedin, groupId: group.id!, authorEmail: admin.email, apiBase: nil, tokenURL: nil)
        _ = try store.addUser(User(email: "ann@acme.example"))
        return (store, integration)
    }

    @Test func aRequestIsAnsweredOnlyAfterTheSyncThatCoversItsCommit() throws {
        let dir = NSTemporaryDirectory() + "cb-sync-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, integration) = try Self.seeded(dir)

        let sync = try #require(store.walSync)
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        sync.beforeSync = { entered.signal(); release.wait() }
        let ingestor = StatementIngestor(store: store)
        let answers = Answers()
        let (a, b) = ("a", "b")
        let count = StatementCommitGroup.deferSyncFrom
        let stored = { () throws -> Int in try store.statements(integrationId: integration.id!).count }

        ingestor.ingest(try Self.batch(a), integration: integration) { answers.add($0) }
        #expect(entered.wait(timeout: .now() + 10) == .success, "the first group's sync started")
        #expect(try stored() == count, "committed")
        #expect(answers.all.isEmpty, "not answered while its sync is held")

        // The commit queue is free: the next group commits while the first one's sync is held.
        ingestor.ingest(try Self.batch(b), integration: integration) { answers.add($0) }
        let deadline = Date().addingTimeInterval(10)
        while try stored() < 2 * count, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(try stored() == 2 * count)
        #expect(answers.all.isEmpty)

        release.signal()  // the first sync
        #expect(answers.arrived.wait(timeout: .now() + 10) == .success)
        #expect(answers.all == (0..<count).map { "\(a)-\($0)" }, "answered after its sync, the second still waits for its own")
        #expect(entered.wait(timeout: .now() + 10) == .success, "the second group's sync started")
        release.signal()
        #expect(answers.arrived.wait(timeout: .now() + 10) == .success)
        #expect(answers.all.count == 2 * count)
        #expect(sync.syncCount == 2)
    }

    @Test func aSmallGroupIsSyncedInsideItsCommit() throws {
        let dir = NSTemporaryDirectory() + "cb-sync-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, integration) = try Self.seeded(dir)
        let sync = try #require(store.walSync)
        let ingested = try StatementIngestor(store: store).ingest(try Self.batch("s", count: 1), integration: integration)
        #expect(ingested.map(\.id) == ["s-0"])
        #expect(sync.syncCount == 0, "committed with FULL: no separate fdatasync")
    }
}
