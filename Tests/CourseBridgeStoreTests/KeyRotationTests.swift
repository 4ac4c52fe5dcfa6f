import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeStore
import Foundation
import GRDB
import Testing

/// `key rotate`: every secret re-sealed under a new key in one transaction, the key file replaced after the
/// commit, and an interrupted rotation finished or undone by the next open.
@Suite struct KeyRotationTests {
    private let noEnvironment: [String: String] = [:]

    /// Two integrations with sealed credentials.
    private func databaseWithSecrets(in dir: String) throws -> String {
        let path = dir + "/cb.sqlite"
        let store = try Store.open(path: path, environment: noEnvironment)
        let (group, admin) = try seededStore(store)
        let other = try store.addGroup(name: "Sales", parentId: nil, isPrivate: false)
        try store.setMember(groupId: other.id!, email: admin.email, role: .groupAdmin)
        for (n, groupId) in [group.id!, other.id!].enumerated() {
            let integration = try store.addIntegration(provider: .linkedin, groupId: groupId, authorEmail: admin.email, apiBase: nil, tokenURL: nil)
            try store.setCredentials(integrationId: integration.id!, values: ["client_id": "client-\(n + 1)", "client_secret": "secret-\(n + 1)"])
        }
        return path
    }

    private func keyFile(_ path: String) throws -> SecretBox { try #require(try SecretKeyFile.read(at: path + ".key")) }

    @Test func rotationResealsEverySecretAndOnlyTheNewKeyOpensThem() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try databaseWithSecrets(in: dir)
        let old = try keyFile(path)
        let result = try Store.open(path: path, environment: noEnvironment).rotateKey(environment: noEnvironment)
        #expect(result.resealed == 2)
        let new = try keyFile(path)
        #expect(new.fingerprint == result.fingerprint)
        #expect(new.fingerprint != old.fingerprint)
        #expect(!FileManager.default.fileExists(atPath: path + ".key.new"))
        let reopened = try Store.open(path: path, environment: noEnvironment)
        #expect(try reopened.credentials(integrationId: 1) == ["client_id": "client-1", "client_secret": "secret-1"])
        #expect(try reopened.credentials(integrationId: 2) == ["client_id": "client-2", "client_secret": "secret-2"])
        // The old key no longer opens the database's secrets.
        #expect(throws: StoreError.self) {
            try Store.open(path: path, secrets: old)
        }
    }

    @Test func aRotationKilledAfterItsCommitIsFinishedByTheNextOpen() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try databaseWithSecrets(in: dir)
        let oldBytes = try #require(FileManager.default.contents(atPath: path + ".key"))
        _ = try Store.open(path: path, environment: noEnvironment).rotateKey(environment: noEnvironment)
        // The moment between the commit and the rename: the new key still in .key.new, the old one in .key.
        try FileManager.default.moveItem(atPath: path + ".key", toPath: path + ".key.new")
        _ = FileManager.default.createFile(atPath: path + ".key", contents: oldBytes, attributes: [.posixPermissions: 0o600])
        let new = try #require(try SecretKeyFile.read(at: path + ".key.new"))
        let reopened = try Store.open(path: path, environment: noEnvironment)
        #expect(reopened.secrets.fingerprint == new.fingerprint)
        #expect(try keyFile(path).fingerprint == new.fingerprint)
        #expect(!FileManager.default.fileExists(atPath: path + ".key.new"))
        #expect(try reopened.credentials(integrationId: 2)?["client_secret"] == "secret-2")
    }

    @Test func aRotationKilledBeforeItsCommitIsUndoneByTheNextOpen() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try databaseWithSecrets(in: dir)
        let old = try keyFile(path)
        // The new key was saved but the transaction never committed.
        try SecretKeyFile.replace(at: path + ".key.new", with: .ephemeral())
        let reopened = try Store.open(path: path, environment: noEnvironment)
        #expect(reopened.secrets.fingerprint == old.fingerprint)
        #expect(!FileManager.default.fileExists(atPath: path + ".key.new"))
        #expect(try reopened.credentials(integrationId: 1)?["client_secret"] == "secret-1")
    }

    @Test func aProcessStartedBeforeARotationCannotSealUnderTheOldKey() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try databaseWithSecrets(in: dir)
        let running = try Store.open(path: path, environment: noEnvironment)
        _ = try Store.open(path: path, environment: noEnvironment).rotateKey(environment: noEnvironment)
        #expect {
            try running.setCredentials(integrationId: 1, values: ["client_id": "late", "client_secret": "late-secret"])
        } throws: { error in
            "\(error)".contains("key was changed (coursebridge key rotate) after this process started; restart it")
        }
        #expect(try Store.open(path: path, environment: noEnvironment).credentials(integrationId: 1)?["client_id"] == "client-1")
    }

    @Test func aKeyFromTheEnvironmentIsNotRotatedBehindTheAdministratorsBack() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let environment = [SecretBox.environmentVariable: Data(repeating: 3, count: 32).base64EncodedString()]
        let store = try Store.open(path: dir + "/cb.sqlite", environment: environment)
        #expect {
            try store.rotateKey(environment: environment)
        } throws: { error in
            "\(error)".contains("the key comes from COURSEBRIDGE_SECRET_KEY")
        }
    }

    @Test func statusSaysWhereTheKeyIsAndWhatItSeals() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try databaseWithSecrets(in: dir)
        let store = try Store.open(path: path, environment: noEnvironment)
        let status = try store.keyStatus(environment: noEnvironment)
        #expect(status.source == path + ".key")
        #expect(status.fileMode == 0o600)
        #expect(status.sealedSecrets == 2)
        #expect(status.fingerprint == store.secrets.fingerprint)
    }
}
