import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeStore
import Foundation
import Testing

/// The rules of `WebhookTokenCache`, with its clock given: an answer holds for 25 ms after the newest read of the
/// version, only under that version, and a change committed by the store itself ends every answer and every read
/// sent before it.
struct WebhookTokenCacheRuleTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let integration = Integration(id: 7, provider: .linkedin, groupId: 1, authorUserId: 1, configuredAt: now)
    static let ms: UInt64 = 1_000_000

    @Test func anAnswerHoldsWhileTheVersionIsRecentAndUnchanged() {
        let cache = WebhookTokenCache()
        let ms = Self.ms
        cache.remember(Self.integration, tokenHash: "h", expiresAt: Self.now.timeIntervalSince1970 + 60, version: 3, sentAt: 1_000 * ms)
        #expect(cache.integration(tokenHash: "h", now: Self.now, clock: 1_024 * ms)?.id == 7)
        #expect(cache.integration(tokenHash: "h", now: Self.now, clock: 1_026 * ms) == nil, "no read for 26 ms")
        cache.observed(version: 3, sentAt: 1_020 * ms)
        #expect(cache.integration(tokenHash: "h", now: Self.now, clock: 1_040 * ms)?.id == 7, "a newer read of the same version")
        cache.observed(version: 2, sentAt: 1_010 * ms)
        #expect(cache.integration(tokenHash: "h", now: Self.now, clock: 1_040 * ms)?.id == 7, "an older read changes nothing")
        #expect(cache.integration(tokenHash: "h", now: Self.now.addingTimeInterval(60), clock: 1_040 * ms) == nil, "expired")
        cache.observed(version: 4, sentAt: 1_030 * ms)
        #expect(cache.integration(tokenHash: "h", now: Self.now, clock: 1_031 * ms) == nil, "a token or integration changed")
        #expect(cache.integration(tokenHash: "other", now: Self.now, clock: 1_031 * ms) == nil)
    }

    @Test func aChangeCommittedHereEndsEveryAnswerAndEveryEarlierRead() {
        let cache = WebhookTokenCache()
        let ms = Self.ms
        let expires = Self.now.timeIntervalSince1970 + 60
        cache.remember(Self.integration, tokenHash: "h", expiresAt: expires, version: 3, sentAt: 1_000 * ms)
        cache.invalidate(clock: 1_010 * ms)
        #expect(cache.integration(tokenHash: "h", now: Self.now, clock: 1_011 * ms) == nil)
        // A read sent before the change may have seen the database before it: it vouches for nothing.
        cache.remember(Self.integration, tokenHash: "h", expiresAt: expires, version: 3, sentAt: 1_005 * ms)
        #expect(cache.integration(tokenHash: "h", now: Self.now, clock: 1_012 * ms) == nil)
        cache.observed(version: 3, sentAt: 1_009 * ms)
        #expect(cache.integration(tokenHash: "h", now: Self.now, clock: 1_012 * ms) == nil)
        // A read sent after it holds again.
        cache.remember(Self.integration, tokenHash: "h", expiresAt: expires, version: 4, sentAt: 1_015 * ms)
        #expect(cache.integration(tokenHash: "h", now: Self.now, clock: 1_016 * ms)?.id == 7)
    }
}

/// Statement requests' token checks kept by the SQLite store (schema v16): a change this store commits ends them at
/// once; a change another process commits is seen by the next ingestion group (or 25 ms after the last one).
struct WebhookTokenCacheSQLiteTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A store on a new file with an active LinkedIn integration, whose answers are kept for a minute after a read:
    /// what these tests check does not depend on how quickly a loaded machine runs them.
    private static func seeded(_ path: String) throws -> (Store, Int64) {
        let store = try Store.open(path: path, now: { now })
        store.webhookTokens.setFreshness(nanoseconds: 60_000_000_000)
        let (group, admin) = try seededStore(store)
        let integration = try store.addIntegration(provider: .linkedin, groupId: group.id!, authorEmail: admin.email,
                                                   apiBase: nil, tokenURL: nil).id!
        try store.writer.write { db in try db.execute(sql: "UPDATE integration SET state = 'active' WHERE id = ?", arguments: [integration]) }
        return (store, integration)
    }

    /// What each revocation test starts from: a seeded store on a new file (its path given), and a token issued and
    /// checked once while the integration is active, so its answer is kept.
    private static func withCheckedToken(_ body: (_ path: String, _ store: Store, _ integration: Int64, _ token: String) throws -> Void) throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, integration) = try seeded(dir + "/cb.sqlite")
        let issued = try store.issueWebhookToken(integrationId: integration, lifetime: 3_600, now: now)
        #expect(try store.integration(forToken: issued.token, now: now)?.state == .active)
        try body(dir + "/cb.sqlite", store, integration, issued.token)
    }

    /// What an ingestion group does first: reads the version.
    private static func ingestionGroup(_ store: Store) throws {
        _ = try store.statisticsTransaction(memoizingLookups: true) { tx in try tx.users(matching: "nobody@acme.example", by: .email) }
    }

    private static func version(_ store: Store) throws -> Int64 {
        try store.writer.read { db in try WebhookTokenVersion.read(db) }
    }

    @Test func aCheckedTokenIsKnownUntilItExpires() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, integration) = try Self.seeded(dir + "/cb.sqlite")
        let issued = try store.issueWebhookToken(integrationId: integration, lifetime: 3_600, now: Self.now)
        #expect(store.knownIntegration(forToken: issued.token, now: Self.now) == nil, "never asked")
        #expect(try store.integration(forToken: issued.token, now: Self.now)?.id == integration)
        #expect(store.knownIntegration(forToken: issued.token, now: Self.now)?.id == integration)
        #expect(store.knownIntegration(forToken: issued.token, now: issued.expiresAt) == nil, "expired")
        #expect(store.knownIntegration(forToken: "forged", now: Self.now) == nil)
        try Self.ingestionGroup(store)
        #expect(store.knownIntegration(forToken: issued.token, now: Self.now)?.id == integration, "a group read the same version")
    }

    struct Revocation: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let revoke: @Sendable (Store, Int64) throws -> Void
        /// What asking again finds: the integration's state, or nil for no token.
        let askedAgain: IntegrationState?
    }

    static let revocations: [Revocation] = [
        Revocation(testDescription: "integration deactivated", revoke: { _ = try $0.deactivate(integrationId: $1) }, askedAgain: .deactivated),
        Revocation(testDescription: "webhook secret rotated", revoke: { _ = try $0.webhookCredentials(integrationId: $1, rotate: true) },
                   askedAgain: nil),
        Revocation(testDescription: "integration deleted", revoke: { try $0.deleteIntegration(id: $1) }, askedAgain: nil),
        Revocation(testDescription: "token removed by SQL", revoke: { store, _ in
            try store.writer.write { db in try db.execute(sql: "DELETE FROM webhook_token") }
        }, askedAgain: nil),
    ]

    /// The CLI in another process (its own Store on the same file) changes something: the server's next group sees
    /// the version move, and asking again finds the change.
    @Test(arguments: revocations)
    func aChangeByAnotherProcessIsSeenByTheNextGroup(_ revocation: Revocation) throws {
        try Self.withCheckedToken { path, server, integration, token in
            let before = try Self.version(server)
            let cli = try Store.open(path: path, now: { Self.now })
            try revocation.revoke(cli, integration)
            #expect(try Self.version(server) > before, "the change moved the version")

            try Self.ingestionGroup(server)
            #expect(server.knownIntegration(forToken: token, now: Self.now) == nil)
            #expect(try server.integration(forToken: token, now: Self.now)?.state == revocation.askedAgain)
        }
    }

    /// The same changes made through the server's own store: the next request asks again, with no group between.
    @Test(arguments: revocations.filter { $0.testDescription != "token removed by SQL" })
    func aChangeMadeByThisStoreIsSeenAtOnce(_ revocation: Revocation) throws {
        try Self.withCheckedToken { _, store, integration, token in
            try revocation.revoke(store, integration)
            #expect(store.knownIntegration(forToken: token, now: Self.now) == nil)
            #expect(try store.integration(forToken: token, now: Self.now)?.state == revocation.askedAgain)
        }
    }

    /// A new token, and the cleanup of expired ones that removes none, move nothing: the answers kept stay usable.
    @Test func issuingATokenKeepsTheOthersKnown() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, integration) = try Self.seeded(dir + "/cb.sqlite")
        let first = try store.issueWebhookToken(integrationId: integration, lifetime: 3_600, now: Self.now)
        #expect(try store.integration(forToken: first.token, now: Self.now)?.id == integration)
        let before = try Self.version(store)
        _ = try store.issueWebhookToken(integrationId: integration, lifetime: 3_600, now: Self.now)
        #expect(try Self.version(store) == before)
        try Self.ingestionGroup(store)
        #expect(store.knownIntegration(forToken: first.token, now: Self.now)?.id == integration)
    }
}
