import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

/// Access tokens issued to a provider's xAPI client. Only their SHA-256 is stored, so a copy of the
/// database does not hold a usable token; each is bound to one integration and expires.
extension Store {
    /// Issues a token for the integration; expired tokens are removed on the way.
    public func issueWebhookToken(integrationId: Int64, lifetime: TimeInterval,
                                  now: Date) throws(StoreError) -> (token: String, expiresAt: Date) {
        let token = TokenDigest.random(bytes: 32, hex: false)
        let hash = TokenDigest.sha256Hex(token)
        let expires = now.addingTimeInterval(lifetime)
        try write { db in
            try db.execute(sql: "DELETE FROM webhook_token WHERE expires_at <= ?", arguments: [now.storeValue])
            try db.execute(sql: "INSERT INTO webhook_token(token_hash, integration_id, expires_at) VALUES (?, ?, ?)",
                           arguments: [hash, integrationId, expires.storeValue])
        }
        return (token, expires)
    }

    /// The integration a token was issued for, or nil when it is unknown or expired.
    public func integrationId(forToken token: String, now: Date) throws(StoreError) -> Int64? {
        let hash = TokenDigest.sha256Hex(token)
        return try read { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT integration_id FROM webhook_token WHERE token_hash = ? AND expires_at > ?"),
                               arguments: [hash, now.storeValue])
        }
    }

    /// The integration an unexpired token was issued for, read in one query, kept for `knownIntegration` with the
    /// token's expiry and the token version of the same snapshot.
    public func integration(forToken token: String, now: Date) throws(StoreError) -> Integration? {
        let hash = TokenDigest.sha256Hex(token)
        let sentAt = WebhookTokenCache.clock()
        // One SELECT is atomic by itself: no BEGIN/COMMIT around it, and the version is the token's snapshot's.
        return try readOneStatement { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT integration.*, webhook_token.expires_at AS token_expires_at, webhook_token_version.version AS token_version
                FROM webhook_token JOIN integration ON integration.id = webhook_token.integration_id CROSS JOIN webhook_token_version
                WHERE webhook_token.token_hash = ? AND webhook_token.expires_at > ?
                """), arguments: [hash, now.storeValue]) else { return nil }
            let values = Array(row.databaseValues)
            let integration = integrationRows.value(for: Array(values.dropLast(2))) { Integration(row: row) }
            webhookTokens.remember(integration, tokenHash: hash, expiresAt: row["token_expires_at"],
                                   version: row["token_version"], sentAt: sentAt)
            return integration
        }
    }

    /// The token's integration without a query, when no token or integration changed since it was read and that is
    /// known from a read of the last 25 ms (`WebhookTokenCache`).
    public func knownIntegration(forToken token: String, now: Date) -> Integration? {
        webhookTokens.integration(tokenHash: TokenDigest.sha256Hex(token), now: now)
    }

    /// The integration whose webhook client id this is, if any.
    public func integration(webhookClientId: String) throws(StoreError) -> Integration? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM integration WHERE webhook_client_id = ?", arguments: [webhookClientId])
                .map(Integration.init(row:))
        }
    }

    /// Whether `secret` is the integration's webhook client secret: its SHA-256 compared with the stored one in
    /// constant time. An integration without a secret costs the same comparison.
    public func verifyWebhookSecret(integrationId: Int64, secret: String) throws(StoreError) -> Bool {
        let stored = try read { db in
            try String.fetchOne(db, sql: "SELECT webhook_secret_hash FROM integration WHERE id = ?", arguments: [integrationId])
        }
        return TokenDigest.matches(secret: secret, storedHash: stored)
    }
}
