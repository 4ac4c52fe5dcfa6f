import CourseBridgeCore
import CourseBridgeData
import Foundation

/// The OAuth2 side of the statement endpoints: an integration's webhook client id and secret are checked and
/// exchanged for a bearer token, and a bearer token names the integration whose statements it may send.
/// The HTTP side (form parsing, throttling, status codes) is the server's.
public struct WebhookAuthenticator: Sendable {
    /// How long an access token lives unless `serve` is told otherwise.
    public static let defaultTokenLifetime: TimeInterval = defaultWebhookTokenLifetime

    /// Whether a client id and secret are an active integration's webhook credentials.
    public enum Credentials: Equatable, Sendable {
        case accepted(integrationId: Int64)
        /// `knownClient`: the client id belongs to some integration (of any provider, active or not).
        case refused(knownClient: Bool)
    }

    /// Whose statements a bearer token may send.
    public enum TokenCheck: Sendable {
        case authorized(Integration)
        /// Unknown, expired, another provider's, or a deactivated integration's token: why, for the sender.
        case refused(String)
        /// The tokens could not be read; nothing is known about this one.
        case failed(String)
    }

    let store: any DataStore

    /// Whether `integration(forToken:…)` may wait for a database server (the caller keeps it off cooperative threads).
    public var tokenCheckMayWait: Bool { store.readsWaitOnNetwork }

    public init(store: any DataStore) {
        self.store = store
    }

    /// The integration of this provider whose webhook credentials these are (active only). The secret's hash is
    /// compared with the stored hash in constant time (the secret itself is not stored).
    public func authenticate(clientId: String, secret: String, provider: Provider) -> Credentials {
        let integration = try? store.integration(webhookClientId: clientId)
        guard let integration, let id = integration.id,
              integration.provider == provider, integration.state == .active else {
            // Compare anyway so an unknown client id takes as long as a wrong secret.
            _ = try? store.verifyWebhookSecret(integrationId: -1, secret: secret)
            return .refused(knownClient: integration != nil)
        }
        return (try? store.verifyWebhookSecret(integrationId: id, secret: secret)) == true
            ? .accepted(integrationId: id) : .refused(knownClient: true)
    }

    /// A new access token for an accepted integration; only its hash is stored.
    public func issueToken(integrationId: Int64, lifetime: TimeInterval, now: Date) throws -> (token: String, expiresAt: Date) {
        try store.issueWebhookToken(integrationId: integrationId, lifetime: lifetime, now: now)
    }

    /// The integration a bearer token was issued to, when it is still valid, of `provider`, and active.
    public func integration(forToken token: String, provider: Provider, now: Date) -> TokenCheck {
        do {
            guard let found = try store.integration(forToken: token, now: now) else {
                return .refused("the access token is unknown or expired: request a new one")
            }
            return check(found, provider: provider)
        } catch {
            return .failed("\(error)")
        }
    }

    /// `integration(forToken:…)` without waiting, when the store knows its answer still holds; nil: it must ask.
    public func knownIntegration(forToken token: String, provider: Provider, now: Date) -> TokenCheck? {
        store.knownIntegration(forToken: token, now: now).map { check($0, provider: provider) }
    }

    private func check(_ found: Integration, provider: Provider) -> TokenCheck {
        guard found.provider == provider else {
            return .refused("this token was issued for \(found.provider.displayName), not \(provider.displayName)")
        }
        guard found.state == .active else { return .refused("integration \(found.id ?? 0) is deactivated") }
        return .authorized(found)
    }
}
