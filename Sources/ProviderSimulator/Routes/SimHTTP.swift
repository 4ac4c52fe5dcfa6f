import CourseBridgeCore
import Foundation

/// A request as the simulator's routes see it: plain values, independent of the HTTP server,
/// so the routes can be exercised without a socket.
struct SimRequest: Sendable {
    var method: String
    var path: String
    var query: [String: String]
    /// Lower-case header names.
    var headers: [String: String]
    var body: String

    init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:], body: String = "") {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// `application/x-www-form-urlencoded` body fields.
    var form: [String: String] { Self.decodeForm(body) }

    /// The credential of an `Authorization: <scheme> <credential>` header, when the scheme matches.
    func authorization(scheme: String) -> String? {
        guard let value = headers["authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == scheme.lowercased() else { return nil }
        return String(parts[1]).trimmed
    }

    func int(_ name: String, default value: Int) -> Int? {
        guard let raw = query[name] else { return value }
        return Int(raw)
    }

    /// Origin for absolute URLs, from the Host header as a real server would.
    var origin: String { "http://" + (headers["host"] ?? "127.0.0.1") }

    static func decodeForm(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(kv[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(kv[0])
            let raw = kv.count > 1 ? String(kv[1]) : ""
            out[key] = raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
        }
        return out
    }
}

/// A response before it is written; `delivery` lets a fault cut the body on the wire.
struct SimResponse: Sendable {
    enum Delivery: Sendable { case complete, truncated }

    var status: Int
    var headers: [(String, String)]
    var body: String
    var delivery: Delivery = .complete
    var delayMs: Int = 0

    static func json(_ value: JSONValue, status: Int = 200, headers: [(String, String)] = []) -> SimResponse {
        SimResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: value.serialized())
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

// MARK: - Provider error bodies

enum ProviderErrors {
    /// Each provider's own error shape (providers.md), so clients parse real-looking errors.
    static func response(_ provider: Provider, status: Int, message: String, headers: [(String, String)] = []) -> SimResponse {
        let body: JSONValue
        switch provider {
        case .linkedin:
            body = status == 401 ? ["serviceErrorCode": 65600, "message": "Invalid access token", "status": 401]
                : ["message": .string(message), "status": .int(status)]
        case .coursera:
            body = ["errorCode": .string(codeName(status)), "message": .string(message), "details": .null]
        case .edx:
            body = ["detail": .string(message)]
        case .skillsoft:
            body = ["errorCode": .string(codeName(status)), "message": .string(message)]
        }
        return .json(body, status: status, headers: headers)
    }

    static func notFound(_ provider: Provider?, _ path: String) -> SimResponse {
        guard let provider else {
            return SimResponse(status: 404, headers: [("Content-Type", "text/plain")],
                               body: "no simulated provider at \(path): use /linkedin, /coursera, /edx or /skillsoft")
        }
        return response(provider, status: 404, message: "Not found: \(path)")
    }

    static func badRequest(_ provider: Provider, _ message: String) -> SimResponse {
        response(provider, status: 400, message: message)
    }

    private static func codeName(_ status: Int) -> String {
        switch status {
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 429: "TooManyRequests"
        default: "InternalServerError"
        }
    }
}
