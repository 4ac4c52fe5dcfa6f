import Foundation

// MARK: - Request

public enum HTTPMethod: String, Sendable {
    case get = "GET", post = "POST", put = "PUT"
}

/// One HTTP request as the provider clients build it; the transport knows nothing of providers.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// HTTP Basic credentials (Coursera's token call); sent by curl, never logged.
    public var basicAuth: (user: String, password: String)?

    public init(method: HTTPMethod = .get, url: String, headers: [(name: String, value: String)] = [], body: Data? = nil,
                basicAuth: (user: String, password: String)? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.basicAuth = basicAuth
    }

    /// A form-encoded POST (OAuth2 token requests).
    public static func form(url: String, fields: [(String, String)], basicAuth: (user: String, password: String)? = nil) -> HTTPRequest {
        let body = fields.map { "\(formEscape($0.0))=\(formEscape($0.1))" }.joined(separator: "&")
        return HTTPRequest(method: .post, url: url,
                           headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
                           body: Data(body.utf8), basicAuth: basicAuth)
    }

    static func formEscape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

// MARK: - Response

/// Response headers, looked up case-insensitively (Skillsoft's `x-total-count` may come in any case).
public struct HTTPHeaders: Sendable, Equatable {
    public private(set) var fields: [(name: String, value: String)] = []

    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    public mutating func add(name: String, value: String) { fields.append((name, value)) }

    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public static func == (a: HTTPHeaders, b: HTTPHeaders) -> Bool {
        a.fields.map { "\($0.name.lowercased()):\($0.value)" } == b.fields.map { "\($0.name.lowercased()):\($0.value)" }
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data
    /// The URL that answered (after redirects): relative `next` links resolve against it.
    public var url: String

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data(), url: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }
}

// MARK: - Transport

/// What went wrong below HTTP: no status was received.
public enum TransportError: Error, Sendable, Equatable {
    case unreachable(host: String, detail: String)
    case tls(host: String, detail: String)
    case timeout(host: String)
    /// The connection dropped mid-exchange (reset, empty reply): worth a retry like a timeout.
    case connectionLost(host: String, detail: String)
    case cancelled
    /// The response (headers and decoded body) passed the size cap; the transfer was stopped there.
    case responseTooLarge(host: String, limitBytes: Int)
    case other(host: String, detail: String)
}

/// Sends one request synchronously. `CurlHTTPClient` in production; tests may script answers.
public protocol HTTPTransport: Sendable {
    func perform(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse
}

extension HTTPRequest {
    /// The host the request goes to, for error messages (never the query string).
    public var host: String { URLComponents(string: url)?.host ?? "unknown host" }
}
