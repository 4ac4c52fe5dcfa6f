import CourseBridgeProviders

/// Where and as whom statements are pushed: a CourseBridge server and the webhook credentials of
/// one of its LinkedIn Learning or Skillsoft integrations.
public struct PushTarget: Sendable, CustomStringConvertible {
    /// `http://127.0.0.1:8080` (the server's root; the `/api/…` paths are added).
    public var baseURL: String
    public var provider: PushProvider
    public var clientId: String
    public var clientSecret: String

    public init(baseURL: String, provider: PushProvider, clientId: String, clientSecret: String) {
        self.baseURL = baseURL
        self.provider = provider
        self.clientId = clientId
        self.clientSecret = clientSecret
    }

    /// Never shows the secret.
    public var description: String { "\(provider.provider.displayName) statements to \(baseURL) as client \(clientId)" }
}

/// What one push did.
public struct PushReport: Sendable, Equatable {
    /// Statements posted (a statement in a batch that got no reply counts as sent and rejected).
    public var sent = 0
    /// Statements in requests the server answered with 2xx (duplicates and quarantined ones included).
    public var accepted = 0
    /// Refused requests, with the statements they held.
    public var rejections: [PushRejection] = []
    /// Statements not posted because the server could no longer be reached.
    public var notSent = 0
    /// Token requests made (1 on the first push, 0 while the token is valid, 2 after a refresh).
    public var tokenRequests = 0

    public init() {}

    public var rejected: Int { rejections.reduce(0) { $0 + $1.statementIds.count } }

    /// `12 sent, 11 accepted, 1 rejected (409: …)` — one line for the push loop.
    public var summary: String {
        var line = "\(sent) sent, \(accepted) accepted, \(rejected) rejected"
        if let first = rejections.first {
            let body = first.body.count > 160 ? String(first.body.prefix(160)) + "…" : first.body
            line += " (\(first.status == 0 ? "no reply" : String(first.status)): \(body))"
        }
        if notSent > 0 { line += ", \(notSent) not sent" }
        return line
    }
}

/// One request the server refused (status 0: no HTTP reply at all).
public struct PushRejection: Sendable, Equatable {
    public var statementIds: [String]
    public var status: Int
    /// The server's reply (secret removed), or what went wrong below HTTP.
    public var body: String
}

/// Why nothing could be pushed: the token flow failed. Never contains the client secret.
public enum PushError: Error, Equatable, CustomStringConvertible {
    case tokenRefused(url: String, status: Int, message: String)
    case badTokenResponse(url: String, detail: String)
    case transport(TransportError)

    public var description: String {
        switch self {
        case .tokenRefused(let url, let status, let message):
            let hint = status == 401 ? ": check --push-client-id and the secret file against coursebridge integration webhook ID" : ""
            return "the token request to \(url) was refused with \(status) (\(message))\(hint)"
        case .badTokenResponse(let url, let detail):
            return "the token response of \(url) is not usable (\(detail)): is this a CourseBridge server?"
        case .transport(let error):
            return "the CourseBridge server could not be reached: \(StatementPusher.describe(error))"
        }
    }
}
