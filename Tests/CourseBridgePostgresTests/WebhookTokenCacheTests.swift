import CourseBridgeCore
import CourseBridgeData
import Foundation
import Testing
@testable import CourseBridgePostgres

/// Statement requests' token checks kept by an instance (schema v13): an answer is used only while no token or
/// integration changed on any instance, and only for 25 ms after the version was last read; a change is seen by
/// the instance's next ingestion group. (The cache's own rules: `WebhookTokenCacheRuleTests` in the store tests.)
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct WebhookTokenCacheTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// What an ingestion group does first on instance `store`: reads the versions with its first query.
    private func ingestionGroup(_ store: PostgresStore) throws {
        _ = try store.statisticsTransaction(memoizingLookups: true) { tx in try tx.users(matching: "nobody@acme.example", by: .email) }
    }

    /// The instances of these tests keep answers for a minute after a read: what they check does not depend on how
    /// quickly a loaded machine runs them. (The 25 ms is checked on the cache with its clock given.)
    private func lengthened(_ stores: PostgresStore...) {
        for store in stores { store.webhookTokens.setFreshness(nanoseconds: 60_000_000_000) }
    }

    @Test func aCheckedTokenIsKnownUntilItExpires() throws {
        try TwoInstances.with(schemaPrefix: "tokens_", now: Self.now) { a, b, integration in
            lengthened(a, b)
            let issued = try a.issueWebhookToken(integrationId: integration, lifetime: 3_600, now: Self.now)
            #expect(b.knownIntegration(forToken: issued.token, now: Self.now) == nil, "never asked on this instance")
            #expect(try b.integration(forToken: issued.token, now: Self.now)?.id == integration)
            #expect(b.knownIntegration(forToken: issued.token, now: Self.now)?.id == integration)
            #expect(b.knownIntegration(forToken: issued.token, now: issued.expiresAt) == nil, "expired")
            #expect(b.knownIntegration(forToken: "forged", now: Self.now) == nil)
            try ingestionGroup(b)
            #expect(b.knownIntegration(forToken: issued.token, now: Self.now)?.id == integration, "a group read the same version")
        }
    }

    struct Revocation: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let revoke: @Sendable (PostgresStore, Int64) throws -> Void
        /// What asking again finds: the integration's state, or nil for no token.
        let askedAgain: IntegrationState?
    }

    static let revocations: [Revocation] = [
        Revocation(testDescription: "integration deactivated", revoke: { _ = try $0.deactivate(integrationId: $1) }, askedAgain: .deactivated),
        Revocation(testDescription: "webhook secret rotated", revoke: { _ = try $0.webhookCredentials(integrationId: $1, rotate: true) },
                   askedAgain: nil),
        Revocation(testDescription: "token removed", revoke: { store, _ in try store.pool.execute("DELETE FROM webhook_token") },
                   askedAgain: nil),
    ]

    /// A change on instance A is seen by B's next group: B asks again, and A's change decides.
    @Test(arguments: revocations)
    func aChangeOnAnotherInstanceIsSeenByTheNextGroup(_ revocation: Revocation) throws {
        try TwoInstances.with(schemaPrefix: "tokens_", now: Self.now) { a, b, integration in
            lengthened(a, b)
            try a.pool.execute("UPDATE integration SET state = 'active' WHERE id = $1", [integration])
            let issued = try a.issueWebhookToken(integrationId: integration, lifetime: 3_600, now: Self.now)
            #expect(try b.integration(forToken: issued.token, now: Self.now)?.state == .active)
            try revocation.revoke(a, integration)
            try ingestionGroup(b)
            #expect(b.knownIntegration(forToken: issued.token, now: Self.now) == nil)
            #expect(try b.integration(forToken: issued.token, now: Self.now)?.state == revocation.askedAgain)
        }
    }

    /// A new token moves nothing: the answers kept for the others stay usable.
    @Test func issuingATokenKeepsTheOthersKnown() throws {
        try TwoInstances.with(schemaPrefix: "tokens_", now: Self.now) { a, b, integration in
            lengthened(a, b)
            let first = try a.issueWebhookToken(integrationId: integration, lifetime: 3_600, now: Self.now)
            #expect(try b.integration(forToken: first.token, now: Self.now)?.id == integration)
            _ = try a.issueWebhookToken(integrationId: integration, lifetime: 3_600, now: Self.now)
            try ingestionGroup(b)
            #expect(b.knownIntegration(forToken: first.token, now: Self.now)?.id == integration)
        }
    }
}
