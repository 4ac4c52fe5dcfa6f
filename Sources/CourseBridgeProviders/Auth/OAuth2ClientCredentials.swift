import CourseBridgeCore
import Foundation

/// How each provider wants its client-credentials token request (providers.md §1–3).
struct OAuth2Style: Sendable, Equatable {
    /// Send client id/secret with HTTP Basic (Coursera) rather than as form fields.
    var basicAuth: Bool
    var extraFields: [String: String]
    /// The scheme API calls use: `Bearer`, or `JWT` for edX.
    var scheme: String

    static let linkedin = OAuth2Style(basicAuth: false, extraFields: [:], scheme: "Bearer")
    static let coursera = OAuth2Style(basicAuth: true, extraFields: [:], scheme: "Bearer")
    static let edx = OAuth2Style(basicAuth: false, extraFields: ["token_type": "jwt"], scheme: "JWT")
}

/// OAuth2 client credentials with a cached token, renewed shortly before it expires.
final class OAuth2ClientCredentials: Authorizer, @unchecked Sendable {
    // @unchecked: the cached token is only read and written under `lock`; the rest is immutable.
    private let lock = NSLock()
    private var cached: (token: String, expiresAt: Date)?
    private var pastTokens: [String] = []

    let tokenURL: String
    let clientId: String
    let clientSecret: String
    let style: OAuth2Style
    let executor: RequestExecutor

    /// Renew this long before the announced expiry, so a page never starts with a dying token.
    static let renewalMargin: Double = 60

    init(tokenURL: String, clientId: String, clientSecret: String, style: OAuth2Style, executor: RequestExecutor) {
        self.tokenURL = tokenURL
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.style = style
        self.executor = executor
    }

    var canRefresh: Bool { true }

    var secrets: [String] {
        lock.lock()
        defer { lock.unlock() }
        return [clientSecret] + pastTokens + (cached.map { [$0.token] } ?? [])
    }

    func authorization(forceRefresh: Bool) throws(ProviderError) -> String {
        lock.lock()
        defer { lock.unlock() }
        if !forceRefresh, let cached, executor.now() < cached.expiresAt {
            return "\(style.scheme) \(cached.token)"
        }
        if let old = cached { pastTokens.append(old.token) }
        cached = nil
        let fresh = try requestToken()
        cached = fresh
        return "\(style.scheme) \(fresh.token)"
    }

    // MARK: - Token request

    private func requestToken() throws(ProviderError) -> (token: String, expiresAt: Date) {
        var fields: [(String, String)] = [("grant_type", "client_credentials")]
        if !style.basicAuth { fields += [("client_id", clientId), ("client_secret", clientSecret)] }
        fields += style.extraFields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let request = HTTPRequest.form(url: tokenURL, fields: fields,
                                       basicAuth: style.basicAuth ? (clientId, clientSecret) : nil)
        let scrubber = SecretScrubber(secrets: [clientSecret] + pastTokens)
        let response = try executor.send(request, scrubber: scrubber)
        let host = request.host
        let message = ProviderMessage.extract(from: response.body).map(scrubber.scrub)
        switch response.status {
        case 200...299: break
        case 400, 401, 403:
            // OAuth2 servers answer a bad client with 400 invalid_client or 401.
            throw ProviderError(provider: executor.provider, host: host,
                                kind: .wrongCredentials(status: response.status, message: message))
        default:
            throw ProviderError(provider: executor.provider, host: host,
                                kind: .unexpectedResponse(status: response.status, message: message))
        }
        guard let json = try? ProviderJSON.page(response.body),
              let token = json["access_token"]?.string, !token.isEmpty else {
            throw ProviderError(provider: executor.provider, host: host,
                                kind: .malformedPage(url: scrubber.scrub(tokenURL), reason: "the token answer has no access_token"))
        }
        // `expires_in` may be a number or a string (edX); without it, assume a short life.
        let lifetime = json["expires_in"]?.double ?? 300
        let margin = min(Self.renewalMargin, lifetime / 10)
        return (token, executor.now().addingTimeInterval(lifetime - margin))
    }
}
