import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeStore
import Crypto
import Foundation
import GRDB
import Testing

/// Sealed values are bound to their row and column; values and webhook secrets written by older versions are
/// brought up to date on the first open with the key.
@Suite struct SealedValueBindingTests {
    private func twoIntegrations(_ store: Store) throws {
        let (group, admin) = try seededStore(store)
        let other = try store.addGroup(name: "Sales", parentId: nil, isPrivate: false)
        try store.setMember(groupId: other.id!, email: admin.email, role: .groupAdmin)
        for (n, groupId) in [group.id!, other.id!].enumerated() {
            let integration = try store.addIntegration(provider: .linkedin, groupId: groupId, authorEmail: admin.email, apiBase: nil, tokenURL: nil)
            try store.setCredentials(integrationId: integration.id!, values: ["client_id": "client-\(n + 1)", "client_secret": "secret-\(n + 1)"])
        }
    }

    @Test func aCiphertextCopiedToAnotherRowDoesNotOpen() throws {
        let store = try Store.inMemory()
        try twoIntegrations(store)
        try store.write { db in
            try db.execute(sql: "UPDATE integration SET credentials_sealed = (SELECT credentials_sealed FROM integration WHERE id = 1) WHERE id = 2")
        }
        #expect(try store.credentials(integrationId: 1)?["client_secret"] == "secret-1")
        #expect {
            try store.credentials(integrationId: 2)
        } throws: { error in
            "\(error)".contains("the secret of integration:2:credentials does not open") && "\(error)".contains("another row or column")
        }
    }

    @Test func aValueSealedForAnotherPurposeDoesNotOpenAsCredentials() throws {
        let box = SecretBox.ephemeral()
        let sealed = try box.seal(Data("x".utf8), boundTo: "integration:1:something-else")
        #expect(throws: StoreError.self) { try box.open(sealed, boundTo: "integration:1:credentials") }
        #expect(try box.open(sealed, boundTo: "integration:1:something-else") == Data("x".utf8))
    }

    @Test func valuesFromBeforeBindingAreResealedAndWebhookSecretsHashedOnFirstOpen() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cb.sqlite"
        let box = SecretBox.ephemeral()
        do {
            let store = try Store.open(path: path, secrets: box)
            try twoIntegrations(store)
            // As an older version wrote them: AES-GCM without associated data, the webhook secret sealed too.
            let legacyCredentials = try #require(try AES.GCM.seal(Data(#"{"client_id":"old-client","client_secret":"old-secret"}"#.utf8), using: box.key).combined)
            let legacyWebhook = try #require(try AES.GCM.seal(Data("old-webhook-secret".utf8), using: box.key).combined)
            try store.write { db in
                try db.execute(sql: "UPDATE integration SET credentials_sealed = ?, webhook_client_id = 'cb-linkedin-old', webhook_secret_sealed = ? WHERE id = 1",
                               arguments: [legacyCredentials, legacyWebhook])
                try db.execute(sql: "DELETE FROM secret_key")
            }
        }
        let store = try Store.open(path: path, secrets: box)
        #expect(try store.credentials(integrationId: 1) == ["client_id": "old-client", "client_secret": "old-secret"])
        let (credentials, webhookSealed, webhookHash) = try store.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT credentials_sealed, webhook_secret_sealed, webhook_secret_hash FROM integration WHERE id = 1")
            return (row?["credentials_sealed"] as Data?, row?["webhook_secret_sealed"] as Data?, row?["webhook_secret_hash"] as String?)
        }
        #expect(credentials?.starts(with: Data("cb2:".utf8)) == true, "re-sealed in the bound format")
        #expect(webhookSealed == nil, "the reversible webhook secret is gone")
        #expect(webhookHash != nil)
        #expect(try store.verifyWebhookSecret(integrationId: 1, secret: "old-webhook-secret"), "the provider's secret keeps working")
        #expect(try !store.verifyWebhookSecret(integrationId: 1, secret: "old-webhook-secreT"))
        #expect(try store.keyStatus(environment: [:]).sealedSecrets == 2)
    }

    @Test func aWrongKeyOnAnOldDatabaseChangesNothing() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cb.sqlite"
        let box = SecretBox.ephemeral()
        let legacy = try #require(try AES.GCM.seal(Data(#"{"client_id":"a","client_secret":"b"}"#.utf8), using: box.key).combined)
        do {
            let store = try Store.open(path: path, secrets: box)
            try twoIntegrations(store)
            try store.write { db in
                try db.execute(sql: "UPDATE integration SET credentials_sealed = ? WHERE id = 1", arguments: [legacy])
                try db.execute(sql: "DELETE FROM secret_key")
            }
        }
        #expect(throws: StoreError.self) { try Store.open(path: path, secrets: .ephemeral()) }
        #expect(try Store.open(path: path, secrets: box).credentials(integrationId: 1)?["client_secret"] == "b")
    }
}

/// Webhook client secrets are stored as SHA-256 hashes: shown once when generated or rotated, never again.
@Suite struct WebhookSecretHashTests {
    @Test func theSecretIsShownOnceAndOnlyItsHashIsKept() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cb.sqlite"
        let store = try Store.open(path: path, environment: [:])
        let (group, admin) = try seededStore(store)
        let id = try store.addIntegration(provider: .linkedin, groupId: group.id!, authorEmail: admin.email, apiBase: nil, tokenURL: nil).id!
        let (first, generated) = try store.webhookCredentials(integrationId: id, rotate: false)
        let secret = try #require(first.clientSecret)
        #expect(generated)
        let (again, regenerated) = try store.webhookCredentials(integrationId: id, rotate: false)
        #expect(!regenerated)
        #expect(again.clientSecret == nil, "never retrievable after creation")
        #expect(again.clientId == first.clientId)
        #expect(try store.verifyWebhookSecret(integrationId: id, secret: secret))
        #expect(try !store.verifyWebhookSecret(integrationId: id, secret: secret + "x"))
        #expect(try !store.verifyWebhookSecret(integrationId: 999, secret: secret))
        for file in [path, path + "-wal"] {
            let bytes = FileManager.default.contents(atPath: file) ?? Data()
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "webhook secret in \(file)")
        }
        let rotated = try #require(try store.webhookCredentials(integrationId: id, rotate: true).0.clientSecret)
        #expect(rotated != secret)
        #expect(try !store.verifyWebhookSecret(integrationId: id, secret: secret), "the old secret stops working")
        #expect(try store.verifyWebhookSecret(integrationId: id, secret: rotated))
    }
}
