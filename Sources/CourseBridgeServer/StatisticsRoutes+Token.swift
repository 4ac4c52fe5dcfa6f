import CourseBridgeCore
import CourseBridgeEngine
import Foundation

/// `POST /api/{provider}/oauth2/token`: the OAuth2 client-credentials grant (RFC 6749 §4.4) with the
/// integration's webhook client id and secret, as form parameters or HTTP Basic.
extension StatisticsRoutes {
    func token(_ request: ServerRequest, provider: Provider) -> ServerResponse {
        let form = request.form
        let basic = request.authorization(scheme: "Basic").flatMap(Self.decodeBasic)
        let clientId = basic?.id ?? form["client_id"]
        // Percipio's LRS setup sends only client_id and client_secret (finding S4): no grant_type means client credentials.
        guard let grant = form["grant_type"] ?? (provider == .skillsoft ? "client_credentials" : nil), !grant.isEmpty else {
            return .oauthError(400, "invalid_request", "grant_type is missing: send grant_type=client_credentials")
        }
        guard grant == "client_credentials" else {
            return .oauthError(400, "unsupported_grant_type", "grant type '\(String(grant.prefix(64)))' is not supported: use client_credentials")
        }
        if basic != nil, form["client_secret"] != nil {
            return .oauthError(400, "invalid_request", "send the client credentials either as HTTP Basic or as form parameters, not both")
        }
        guard let clientId, let secret = basic?.secret ?? form["client_secret"] else {
            return .oauthError(401, "invalid_client", "client_id and client_secret are required (form parameters or HTTP Basic)",
                               headers: [("WWW-Authenticate", "Basic realm=\"coursebridge\"")])
        }
        // Longer ids are never issued: refused before anything is looked up or remembered.
        guard clientId.utf8.count <= ServerSettings.maxClientIdLength else {
            return .oauthError(400, "invalid_client", "client_id is longer than \(ServerSettings.maxClientIdLength) bytes: "
                               + "copy it from coursebridge integration webhook ID")
        }

        // Credentials first: a correct secret always gets its token, whatever strangers did before.
        let at = now()
        let addressKey = request.clientAddress
        switch authenticator.authenticate(clientId: clientId, secret: secret, provider: provider) {
        case .accepted(let integrationId):
            do {
                let issued = try authenticator.issueToken(integrationId: integrationId, lifetime: settings.tokenLifetime, now: at)
                clientThrottle.withLock { $0.recordSuccess(clientId) }
                metrics.tokenRequest(provider, result: "issued")
                var body: [String: Any] = ["access_token": issued.token, "token_type": "Bearer", "expires_in": Int(settings.tokenLifetime)]
                if let scope = form["scope"] { body["scope"] = String(scope.prefix(256)) }
                return .json(200, body, headers: [("Cache-Control", "no-store"), ("Pragma", "no-cache")])
            } catch {
                logger.error("token could not be stored: \(error)")
                return .oauthError(500, "server_error", "the token could not be stored; try again")
            }
        case .refused(let knownClient):
            // Only failures are throttled. Only client ids that exist are remembered: anything else a stranger
            // sends would be a new entry each time.
            let wait = throttleFailure(address: addressKey, clientId: knownClient ? clientId : nil, at: at)
            logger.notice("token refused", metadata: ["provider": "\(provider.rawValue)", "client": "\(addressKey)",
                                                      "client_id": "\(knownClient ? clientId : String(clientId.prefix(64)))",
                                                      "known": "\(knownClient)"])
            recordTokenFailure(provider, clientId: clientId, known: knownClient, address: addressKey, throttled: wait != nil)
            if let wait {
                return .oauthError(429, "invalid_client", "too many failed attempts from this client: try again in \(wait) s",
                                   headers: [("Retry-After", "\(wait)")])
            }
            return .oauthError(401, "invalid_client",
                               "unknown client or wrong secret for \(provider.displayName): copy both from coursebridge integration webhook ID",
                               headers: basic != nil ? [("WWW-Authenticate", "Basic realm=\"coursebridge\"")] : [])
        }
    }

    /// Records a failed attempt; returns the seconds to wait when the address or the client id is being slowed
    /// down (then the attempt is answered 429 and not counted again).
    func throttleFailure(address: String, clientId: String?, at: Date) -> Int? {
        let waits = [addressThrottle.withLock { $0.retryAfter(address, now: at) },
                     clientId.flatMap { id in clientThrottle.withLock { $0.retryAfter(id, now: at) } }].compactMap { $0 }
        if let wait = waits.max() { return wait }
        addressThrottle.withLock { $0.recordFailure(address, now: at) }
        if let clientId { clientThrottle.withLock { $0.recordFailure(clientId, now: at) } }
        return nil
    }

    /// `Basic base64(id:secret)`, each part form-urlencoded (RFC 6749 §2.3.1).
    static func decodeBasic(_ credential: String) -> (id: String, secret: String)? {
        guard let data = Data(base64Encoded: credential), let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":") else { return nil }
        func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
        return (decode(text[..<colon]), decode(text[text.index(after: colon)...]))
    }
}
