import CourseBridgeCore
import CourseBridgeStore
import Foundation

/// `POST /api/{provider}/oauth2/token`: the OAuth2 client-credentials grant (RFC 6749 §4.4) with the
/// integration's webhook client id and secret, as form parameters or HTTP Basic.
extension StatisticsRoutes {
    func token(_ request: ServerRequest, provider: Provider) -> ServerResponse {
        let form = request.form
        let basic = request.authorization(scheme: "Basic").flatMap(Self.decodeBasic)
        let clientId = basic?.id ?? form["client_id"]
        let addressKey = "ip:" + request.clientAddress
        let clientKey = clientId.map { "id:" + $0 }
        let at = now()
        if let wait = throttle.withLock({ t in [addressKey, clientKey].compactMap { $0 }.compactMap { t.retryAfter($0, now: at) }.max() }) {
            return .oauthError(429, "invalid_client", "too many failed attempts from this client: try again in \(wait) s",
                               headers: [("Retry-After", "\(wait)")])
        }
        guard let grant = form["grant_type"], !grant.isEmpty else {
            return .oauthError(400, "invalid_request", "grant_type is missing: send grant_type=client_credentials")
        }
        guard grant == "client_credentials" else {
            return .oauthError(400, "unsupported_grant_type", "grant type '\(grant)' is not supported: use client_credentials")
        }
        if basic != nil, form["client_secret"] != nil {
            return .oauthError(400, "invalid_request", "send the client credentials either as HTTP Basic or as form parameters, not both")
        }
        guard let clientId, let secret = basic?.secret ?? form["client_secret"] else {
            return .oauthError(401, "invalid_client", "client_id and client_secret are required (form parameters or HTTP Basic)",
                               headers: [("WWW-Authenticate", "Basic realm=\"coursebridge\"")])
        }
        guard let integrationId = authenticate(clientId: clientId, secret: secret, provider: provider) else {
            throttle.withLock { t in
                t.recordFailure(addressKey, now: at)
                if let clientKey { t.recordFailure(clientKey, now: at) }
            }
            logger.notice("token refused", metadata: ["provider": "\(provider.rawValue)", "client": "\(request.clientAddress)"])
            return .oauthError(401, "invalid_client",
                               "unknown client or wrong secret for \(provider.displayName): copy both from coursebridge integration webhook ID",
                               headers: basic != nil ? [("WWW-Authenticate", "Basic realm=\"coursebridge\"")] : [])
        }
        do {
            let issued = try store.issueWebhookToken(integrationId: integrationId, lifetime: settings.tokenLifetime, now: at)
            throttle.withLock { t in if let clientKey { t.recordSuccess(clientKey) } }
            var body: [String: Any] = ["access_token": issued.token, "token_type": "Bearer", "expires_in": Int(settings.tokenLifetime)]
            if let scope = form["scope"] { body["scope"] = scope }
            return .json(200, body, headers: [("Cache-Control", "no-store"), ("Pragma", "no-cache")])
        } catch {
            logger.error("token could not be stored: \(error)")
            return .oauthError(500, "server_error", "the token could not be stored; try again")
        }
    }

    /// The integration of this provider whose webhook credentials these are (active only). The secret's hash is
    /// compared with the stored hash in constant time (the secret itself is not stored).
    func authenticate(clientId: String, secret: String, provider: Provider) -> Int64? {
        guard let integration = try? store.integration(webhookClientId: clientId), let id = integration.id,
              integration.provider == provider, integration.state == .active else {
            // Compare anyway so an unknown client id takes as long as a wrong secret.
            _ = try? store.verifyWebhookSecret(integrationId: -1, secret: secret)
            return nil
        }
        return (try? store.verifyWebhookSecret(integrationId: id, secret: secret)) == true ? id : nil
    }

    /// `Basic base64(id:secret)`, each part form-urlencoded (RFC 6749 §2.3.1).
    static func decodeBasic(_ credential: String) -> (id: String, secret: String)? {
        guard let data = Data(base64Encoded: credential), let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":") else { return nil }
        func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
        return (decode(text[..<colon]), decode(text[text.index(after: colon)...]))
    }
}

/// Comparison whose time does not depend on where the strings differ.
enum ConstantTime {
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0
    }
}
