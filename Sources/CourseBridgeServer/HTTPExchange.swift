import CourseBridgeCore
import Foundation

/// A request as the routes see it: plain values, so routes are tested without a socket.
public struct ServerRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [String: String]
    /// Lower-case header names.
    public var headers: [String: String]
    public var body: Data
    public var clientAddress: String
    /// Set by the server when it checked the bearer token before reading the body.
    var authorizedIntegration: Integration?

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
                body: Data = Data(), clientAddress: String = "unknown") {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.clientAddress = clientAddress
    }

    /// `application/x-www-form-urlencoded` body fields.
    var form: [String: String] { Self.decodeForm(String(decoding: body, as: UTF8.self)) }

    /// The credential of `Authorization: <scheme> <credential>`, when the scheme matches.
    func authorization(scheme: String) -> String? {
        guard let value = headers["authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == scheme.lowercased() else { return nil }
        return String(parts[1]).trimmed
    }

    static func decodeForm(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let plus = s.replacingOccurrences(of: "+", with: " ")
                return plus.removingPercentEncoding ?? plus
            }
            out[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return out
    }
}

/// A response before it is written.
public struct ServerResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data

    public init(status: Int, headers: [(String, String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    static func json(_ status: Int, _ object: [String: Any], headers: [(String, String)] = []) -> ServerResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return ServerResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: data)
    }

    /// The JSON error body of the xAPI endpoints: `{"error": code, "message": …}` (+ `path` for validation).
    static func error(_ status: Int, _ code: String, _ message: String, path: String? = nil,
                      headers: [(String, String)] = []) -> ServerResponse {
        var object: [String: Any] = ["error": code, "message": message]
        if let path { object["path"] = path }
        return json(status, object, headers: headers)
    }

    /// RFC 6749 §5.2 error body of the token endpoints.
    static func oauthError(_ status: Int, _ code: String, _ description: String, headers: [(String, String)] = []) -> ServerResponse {
        json(status, ["error": code, "error_description": description],
             headers: [("Cache-Control", "no-store"), ("Pragma", "no-cache")] + headers)
    }
}
