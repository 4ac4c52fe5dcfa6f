import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeStore
import Foundation
import Synchronization
import GRDB
import Testing

/// The key file beside the database: a key that exists but cannot be used is an error naming the file and what
/// to do, never a reason to make a new key (which could not open the secrets already sealed).
@Suite struct SecretKeyFileTests {
    /// A database with one integration whose credentials are sealed; returns its path and the key file's bytes.
    private func databaseWithSecret(in dir: String) throws -> (path: String, key: Data) {
        let path = dir + "/cb.sqlite"
        let store = try Store.open(path: path, environment: [:])
        let (group, admin) = try seededStore(store)
        let integration = try store.addIntegration(provider: .linkedin, groupId: group.id!, authorEmail: admin.email, apiBase: nil, tokenURL: nil)
        try store.setCredentials(integrationId: integration.id!, values: ["client_id": "my-client", "client_secret": "s3cr3t-value"])
        return (path, try #require(FileManager.default.contents(atPath: path + ".key")))
    }

    private func message(_ body: () throws -> Store) -> String {
        do { _ = try body(); return "" } catch { return "\(error)" }
    }

    @Test func aKeyPathThatIsADirectoryIsRefusedAndNoKeyIsMade() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, key) = try databaseWithSecret(in: dir)
        let keyPath = path + ".key"
        try FileManager.default.moveItem(atPath: keyPath, toPath: dir + "/saved.key")
        try FileManager.default.createDirectory(atPath: keyPath, withIntermediateDirectories: false)
        let text = message { try Store.open(path: path, environment: [:]) }
        #expect(text.contains("\(keyPath) is a directory"), "\(text)")
        #expect(text.contains("restore the key file"))
        // Put the key back: the secrets open, nothing was lost.
        try FileManager.default.removeItem(atPath: keyPath)
        _ = FileManager.default.createFile(atPath: keyPath, contents: key, attributes: [.posixPermissions: 0o600])
        #expect(try Store.open(path: path, environment: [:]).credentials(integrationId: 1)?["client_secret"] == "s3cr3t-value")
    }

    @Test(arguments: ["c2hvcnQ=\n", "not a key at all!\n", ""])
    func aDamagedKeyFileIsRefusedAndKeptAsItIs(_ contents: String) throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, _) = try databaseWithSecret(in: dir)
        let keyPath = path + ".key"
        _ = FileManager.default.createFile(atPath: keyPath, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600])
        let text = message { try Store.open(path: path, environment: [:]) }
        #expect(text.contains("the key file \(keyPath) is damaged"), "\(text)")
        #expect(text.contains("restore it from backup"))
        #expect(FileManager.default.contents(atPath: keyPath) == Data(contents.utf8), "the damaged file is left for inspection")
    }

    @Test func aKeyFileOthersCanReadIsRefusedWithChmodAdvice() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, _) = try databaseWithSecret(in: dir)
        let keyPath = path + ".key"
        chmod(keyPath, 0o644)
        let text = message { try Store.open(path: path, environment: [:]) }
        #expect(text.contains("can be read by other users (mode 644)"), "\(text)")
        #expect(text.contains("chmod 600 \(keyPath)"))
        chmod(keyPath, 0o600)
        #expect(try Store.open(path: path, environment: [:]).credentials(integrationId: 1)?["client_id"] == "my-client")
    }

    @Test(.enabled(if: getuid() != 0, "root reads any file"))
    func anUnreadableKeyFileIsRefused() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, _) = try databaseWithSecret(in: dir)
        chmod(path + ".key", 0o000)
        let text = message { try Store.open(path: path, environment: [:]) }
        #expect(text.contains("cannot be read (permission denied)"), "\(text)")
    }

    @Test func aMissingKeyWhileSecretsAreSealedIsAnErrorNotANewKey() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, key) = try databaseWithSecret(in: dir)
        let keyPath = path + ".key"
        try FileManager.default.removeItem(atPath: keyPath)
        let text = message { try Store.open(path: path, environment: [:]) }
        #expect(text == "the database holds 1 sealed secret but the key file \(keyPath) is missing; restore it or set COURSEBRIDGE_SECRET_KEY")
        #expect(!FileManager.default.fileExists(atPath: keyPath), "no new key was made")
        // The same key through the environment opens them.
        let environment = [SecretBox.environmentVariable: String(decoding: key, as: UTF8.self)]
        #expect(try Store.open(path: path, environment: environment).credentials(integrationId: 1)?["client_secret"] == "s3cr3t-value")
    }

    @Test func anotherKeyThanTheSecretsWereSealedWithIsRefusedAtOpen() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, _) = try databaseWithSecret(in: dir)
        let other = Data(repeating: 9, count: 32).base64EncodedString()
        let text = message { try Store.open(path: path, environment: [SecretBox.environmentVariable: other]) }
        #expect(text.contains("is not the key this database's 1 sealed secret is sealed with"), "\(text)")
        #expect(text.contains("nothing was changed"))
    }

    @Test func processesOpeningANewDatabaseTogetherShareOneKey() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cb.sqlite"
        let fingerprints = Mutex<[String]>([])
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            do {
                let store = try Store.open(path: path, environment: [:])
                fingerprints.withLock { $0.append(store.secrets.fingerprint) }
            } catch {
                errors.withLock { $0.append("\(error)") }
            }
        }
        let seen = fingerprints.withLock { $0 }
        #expect(seen.count == 6, "\(errors.withLock { $0 })")
        #expect(Set(seen).count == 1, "every opener uses the key in the file")
        let file = try #require(try SecretKeyFile.read(at: path + ".key"))
        #expect(seen.first == file.fingerprint)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func aNewKeyFileIsOwnerOnlyAndWholeOnDisk() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cb.sqlite"
        let store = try Store.open(path: path, environment: [:])
        let attributes = try FileManager.default.attributesOfItem(atPath: path + ".key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try SecretKeyFile.read(at: path + ".key")?.fingerprint == store.secrets.fingerprint)
    }
}
