import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeStore
import Foundation
import GRDB
import Testing

@Suite struct DatabaseFileTests {
    @Test func migratesFromEmptyAndReopensWithData() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cb.sqlite"
        do {
            let store = try Store.open(path: path)
            _ = try seededStore(store)
        }
        let reopened = try Store.open(path: path)
        #expect(try reopened.users().map(\.email) == ["admin@acme.example"])
        let mode = try reopened.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    /// A statement answered 2xx must survive a power cut: every commit of the one writing connection waits for the
    /// WAL's fsync (synchronous=FULL, 2), also after a catalog page written with NORMAL. GRDB's WAL set-up used to
    /// leave the writer at NORMAL (1).
    @Test func theWritingConnectionCommitsWithSynchronousFull() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cb.sqlite"
        for opening in ["a new database", "an existing one"] {
            let store = try Store.open(path: path)
            let level = { () throws -> Int? in try store.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } }
            #expect(try level() == 2, "writer after opening \(opening)")
            _ = try store.writeRederivable { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
            #expect(try level() == 2, "writer after a rederivable write, \(opening)")
            let inStatistics = try store.statisticsTransaction(memoizingLookups: true) { tx in
                try Int.fetchOne((tx as! SQLiteStatisticsTransaction).db, sql: "PRAGMA synchronous")
            }
            #expect(inStatistics == 2, "statistics transaction, \(opening)")
        }
    }

    @Test func databaseAndKeyFilesAreOwnerOnly() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cb.sqlite"
        _ = try Store.open(path: path, secrets: nil)
        for file in [path, path + ".key"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(file)")
        }
    }

    @Test func secretsAreAbsentFromTheDatabaseBytes() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cb.sqlite"
        let secret = "s3cr3t-\(UUID().uuidString)"
        let store = try Store.open(path: path)
        let (group, admin) = try seededStore(store)
        let integration = try store.addIntegration(provider: .linkedin, groupId: group.id!, authorEmail: admin.email, apiBase: nil, tokenURL: nil)
        try store.setCredentials(integrationId: integration.id!, values: ["client_id": "my-client", "client_secret": secret])
        let (webhook, _) = try store.webhookCredentials(integrationId: integration.id!, rotate: false)
        #expect(try store.credentials(integrationId: integration.id!)?["client_secret"] == secret)
        for file in [path, path + "-wal"] {
            let bytes = FileManager.default.contents(atPath: file) ?? Data()
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "provider secret in \(file)")
            #expect(bytes.range(of: Data((webhook.clientSecret ?? "-").utf8)) == nil, "webhook secret in \(file)")
        }
    }

    @Test func aFileThatIsNotSQLiteIsRefusedUntouched() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/notes.txt"
        let original = Data("meeting notes, not a database\n".utf8)
        _ = FileManager.default.createFile(atPath: path, contents: original)
        #expect(throws: StoreError.notADatabase(path: path)) { try Store.open(path: path) }
        #expect(FileManager.default.contents(atPath: path) == original)
    }

    @Test func aDatabaseFromANewerSchemaIsRefused() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cb.sqlite"
        do {
            let store = try Store.open(path: path)
            try store.writer.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')") }
        }
        #expect(throws: StoreError.newerSchema(path: path)) { try Store.open(path: path) }
    }

    @Test func aReadOnlyPathIsRefusedClearly() throws {
        // /sys refuses new files even to root, where chmod would not.
        let path = "/sys/coursebridge-test.sqlite"
        #expect(throws: StoreError.readOnly(path: path)) { try Store.open(path: path) }
        #expect(StoreError.readOnly(path: path).description.contains("cannot be written"))
    }

    @Test func aWrongKeyCannotOpenSealedSecrets() throws {
        let sealed = try SecretBox.ephemeral().seal(Data("x".utf8), boundTo: "integration:1:credentials")
        #expect(throws: StoreError.self) { try SecretBox.ephemeral().open(sealed, boundTo: "integration:1:credentials") }
    }

    @Test func keyFromEnvironmentMustBe32Bytes() throws {
        #expect(throws: StoreError.self) {
            try SecretBox.fromEnvironment([SecretBox.environmentVariable: "c2hvcnQ="])
        }
        let good = Data(repeating: 7, count: 32).base64EncodedString()
        #expect(try SecretBox.fromEnvironment([SecretBox.environmentVariable: good]) != nil)
    }
}
