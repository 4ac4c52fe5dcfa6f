import CourseBridgeCore
import CourseBridgeEngine
import Foundation
import Logging
import Synchronization

/// Settings of `coursebridge serve`.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// Request bodies over this size are refused with 413.
    public var bodyLimit: Int
    public var tokenLifetime: TimeInterval
    /// A connection silent this long is closed (a sender that stalls mid-request holds nothing for ever).
    public var idleTimeout: TimeInterval
    /// A request must arrive whole within this many seconds (a body dripped byte by byte is not idle).
    public var requestTimeout: TimeInterval
    /// Connections beyond this many are closed as soon as they are accepted.
    public var maxConnections: Int
    /// Reverse proxies whose X-Forwarded-For / Forwarded header names the client (`--trusted-proxy`).
    public var trustedProxies: Set<String>
    /// Terminate TLS in-process with these files; nil: plain HTTP (behind a TLS proxy, or on loopback).
    public var tls: TLSFiles?
    /// `POST /bench/noop` for scripts/bench-statements.sh; off in production.
    public var benchEndpoints: Bool

    /// Bodies of every request other than statements (token form, GETs): a token request is a few hundred bytes.
    public static let smallBodyLimit = 8 << 10
    /// Longer client ids are refused before anything is looked up or remembered.
    public static let maxClientIdLength = 256

    public init(host: String = "127.0.0.1", port: Int = 8080, bodyLimit: Int = 4 << 20,
                tokenLifetime: TimeInterval = WebhookAuthenticator.defaultTokenLifetime, idleTimeout: TimeInterval = 30,
                requestTimeout: TimeInterval = 30, maxConnections: Int = 512, trustedProxies: Set<String> = [],
                tls: TLSFiles? = nil, benchEndpoints: Bool = false) {
        self.host = host
        self.port = port
        self.bodyLimit = bodyLimit
        self.tokenLifetime = tokenLifetime
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.maxConnections = maxConnections
        self.trustedProxies = trustedProxies
        self.tls = tls
        self.benchEndpoints = benchEndpoints
    }
}

/// The endpoints of DESIGN §3 over plain request values: tokens, xAPI statements, about, launch, health.
public final class StatisticsRoutes: Sendable {
    public static let xAPIVersion = "1.0.3"

    let ingestor: StatementIngestor
    let launchGate: LaunchGate
    let authenticator: WebhookAuthenticator
    let healthCheck: HealthCheck
    let settings: ServerSettings
    let logger: Logger
    let now: @Sendable () -> Date
    /// Failed token requests per address and per known client id, kept apart so a flood of addresses cannot
    /// push a real client's entry out.
    let addressThrottle = Mutex(FailureThrottle())
    let clientThrottle = Mutex(FailureThrottle())
    /// Statement traffic and token failures, aggregated into the event log and counted for `/metrics`.
    public let intake: IntakeLog
    public let metrics = ServerMetrics()

    public init(services: StatisticsServices, settings: ServerSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        now = services.now
        ingestor = services.ingestor
        launchGate = services.launchGate
        authenticator = services.authenticator
        healthCheck = services.health
        intake = services.intake
    }

    /// The provider whose statements arrive under `/api/{segment}`.
    static func provider(segment: String) -> Provider? {
        switch segment {
        case "linkedinlearning": .linkedin
        case "skillsoft": .skillsoft
        default: nil
        }
    }

    // MARK: - Dispatch

    /// Answers a request through `reply`: at once, or for statements once they are durable (group commit).
    public func handle(_ request: ServerRequest, reply: @escaping @Sendable (ServerResponse) -> Void) {
        switch route(request) {
        case .response(let response):
            reply(Self.versioned(response))
        case .ingest(let pending):
            ingestor.ingest(pending.statements, integration: pending.integration) { [self] result in
                let response = answer(pending, result)
                record(pending, result, response)
                reply(Self.versioned(response))
            }
        }
    }

    /// `handle`, waiting for the answer.
    public func handle(_ request: ServerRequest) -> ServerResponse {
        let answered = DispatchSemaphore(value: 0)
        let box = Mutex<ServerResponse?>(nil)
        handle(request) { response in
            box.withLock { $0 = response }
            answered.signal()
        }
        answered.wait()
        return box.withLock { $0 }!
    }

    static func versioned(_ response: ServerResponse) -> ServerResponse {
        var response = response
        response.headers.append(("X-Experience-API-Version", xAPIVersion))
        return response
    }

    /// Where a request goes: an answer now, or statements to store first.
    enum Routed {
        case response(ServerResponse)
        case ingest(PendingIngest)
    }

    func route(_ request: ServerRequest) -> Routed {
        if let provider = statementsProvider(request) { return statements(request, provider: provider) }
        let parts = request.path.split(separator: "/").map(String.init)
        let method = request.method.uppercased()
        switch (method, parts.count) {
        case ("GET", 1) where parts[0] == "health":
            return .response(health())
        case ("GET", 1) where parts[0] == "metrics":
            return .response(metricsPage(request))
        case ("POST", 2) where parts == ["bench", "noop"] && settings.benchEndpoints:
            return .response(.json(200, ["ok": true]))
        case ("GET", 2) where parts[0] == "launch":
            return .response(launch(courseId: parts[1], request))
        case (_, 3...) where parts[0] == "api":
            guard let provider = Self.provider(segment: parts[1]) else { break }
            let rest = Array(parts.dropFirst(2))
            switch (method, rest) {
            case ("POST", ["oauth2", "token"]): return .response(token(request, provider: provider))
            case ("GET", ["about"]): return .response(about())
            case ("POST", _), ("PUT", _): break
            default:
                if rest == ["oauth2", "token"] || isStatementsPath(rest, provider: provider) || rest == ["about"] {
                    return .response(.error(405, "method_not_allowed", "\(method) is not allowed on \(request.path)"))
                }
            }
        case (_, 2) where parts[0] == "api" && Self.provider(segment: parts[1]) == .skillsoft:
            return .response(.error(405, "method_not_allowed", "\(method) is not allowed on \(request.path)"))
        default:
            break
        }
        return .response(.error(404, "not_found", "no endpoint \(method) \(request.path)"))
    }

    /// The provider whose statements a POST or PUT carries, or nil for any other request. Percipio posts to the
    /// configured URL itself (`/api/skillsoft`) as well as to `/statements`. The server also asks, to answer
    /// statements without a hop to the blocking queue.
    func statementsProvider(_ request: ServerRequest) -> Provider? {
        let method = request.method.uppercased()
        guard method == "POST" || method == "PUT" else { return nil }
        let parts = request.path.split(separator: "/").map(String.init)
        guard parts.count >= 2, parts[0] == "api", let provider = Self.provider(segment: parts[1]) else { return nil }
        if parts.count == 2 { return provider == .skillsoft ? provider : nil }
        return isStatementsPath(Array(parts.dropFirst(2)), provider: provider) ? provider : nil
    }

    func isStatementsPath(_ rest: [String], provider: Provider) -> Bool {
        switch provider {
        case .linkedin: rest == ["stats"] || rest == ["stats", "statements"]
        case .skillsoft: rest == ["statements"]
        default: false
        }
    }

    // MARK: - Small endpoints

    func health() -> ServerResponse {
        switch healthCheck.check() {
        case .ok: .json(200, ["status": "ok"])
        case .unavailable(let message): .error(503, "unavailable", message)
        }
    }

    /// xAPI About resource.
    func about() -> ServerResponse {
        .json(200, ["version": [Self.xAPIVersion, "1.0.0"]])
    }
}
