import CourseBridgeEngine
import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle

/// `coursebridge serve`'s HTTP side: Hummingbird in front of `StatisticsRoutes`. The ServiceGroup is
/// built here with no shutdown signals: the command owns SIGINT/SIGTERM and calls `stop()`.
public final class StatisticsServer: Sendable {
    public let port: Int
    public let host: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    private let routes: StatisticsRoutes
    /// Writes the intake's tallies to the event log every 10 s, also when traffic has stopped.
    private let flusher: Task<Void, Never>

    private init(host: String, port: Int, isTLS: Bool, group: ServiceGroup, task: Task<Void, any Error>, routes: StatisticsRoutes) {
        self.routes = routes
        flusher = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(10))
                routes.intake.flush()
            }
        }
        self.host = host
        self.port = port
        self.isTLS = isTLS
        self.group = group
        self.task = task
    }

    public var baseURL: String { "\(scheme)://\(host):\(port)" }
    private var scheme: String { isTLS ? "https" : "http" }
    private let isTLS: Bool

    /// Starts listening and returns once the port is bound (`port: 0` picks a free one).
    public static func start(services: StatisticsServices, settings: ServerSettings, logger: Logger) async throws -> StatisticsServer {
        let routes = StatisticsRoutes(services: services, settings: settings, logger: logger)
        let (bound, continuation) = AsyncStream<Int?>.makeStream()
        let app = try application(routes, settings: settings, logger: logger) { channel in
            continuation.yield(channel.localAddress?.port)
            continuation.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = bound.makeAsyncIterator()
        guard let first = await iterator.next(), let port = first else {
            if case .failure(let error) = await task.result { throw ServerStartError(host: settings.host, port: settings.port, underlying: "\(error)") }
            throw ServerStartError(host: settings.host, port: settings.port, underlying: "the server stopped before listening")
        }
        return StatisticsServer(host: settings.host, port: port, isTLS: settings.tls != nil, group: group, task: task, routes: routes)
    }

    /// Graceful shutdown: in-flight requests finish (their statements are already committed).
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
        flusher.cancel()
        routes.intake.flush()
    }

    /// The counters behind `/metrics` (the demo's console reads the same).
    public var metrics: ServerMetrics { routes.metrics }

    /// Waits until the server stops by itself (an error) or through `stop()`.
    public func wait() async throws {
        try await task.value
    }

    // MARK: - Hummingbird adapter

    /// The Hummingbird application in front of `routes`: what `start` runs, and what the route tests drive in-process.
    static func application(_ routes: StatisticsRoutes, settings: ServerSettings, logger: Logger,
                            onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
        throws -> Application<CallbackResponder<ServerContext>> {
        let responder = CallbackResponder<ServerContext> { request, context in
            try await respond(routes, request, context)
        }
        let counter = ConnectionCounter(limit: settings.maxConnections)
        let requestTimeout = TimeAmount.milliseconds(Int64(settings.requestTimeout * 1000))
        let http1 = HTTP1Channel.Configuration(
            // Bounds what a client that never authenticates can hold: connections, time per request (see the handler).
            additionalChannelHandlers: [ConnectionGuardHandler(counter: counter, requestTimeout: requestTimeout, logger: logger)],
            // A client that opens a connection and stops sending (slowloris) is dropped after `idleTimeout` of silence.
            idleTimeout: .milliseconds(Int64(settings.idleTimeout * 1000)))
        let server: HTTPServerBuilder
        if let tls = settings.tls {
            server = try .tls(.http1(configuration: http1), tlsConfiguration: tls.configuration())
        } else {
            server = .http1(configuration: http1)
        }
        return Application(
            responder: responder,
            server: server,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: onServerRunning,
            logger: logger)
    }

    static func respond(_ routes: StatisticsRoutes, _ request: Request, _ context: ServerContext) async throws -> Response {
        var request = request
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let peer = context.remoteAddress?.ipAddress ?? "unknown"
        var plain = ServerRequest(method: request.method.rawValue, path: request.uri.path, query: query, headers: headers,
                                  clientAddress: ClientAddress.resolve(peer: peer, headers: headers, trustedProxies: routes.settings.trustedProxies))

        // Nothing of a request is kept before it is known to be allowed: each route has its own body limit, and
        // statements are authorized from their headers before their body is read (a refusal closes the connection).
        let provider = routes.statementsProvider(plain)
        // Every statements request's answer is counted for /metrics, whichever exit it takes.
        func answered(_ response: ServerResponse) -> Response {
            if let provider { routes.metrics.statementRequest(provider, status: response.status) }
            return makeResponse(response)
        }
        let limit = provider != nil ? routes.settings.bodyLimit : ServerSettings.smallBodyLimit
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            return answered(routes.handle(tooLarge: limit, statements: provider != nil))
        }
        if let provider {
            // The store's kept answer when it still holds; else a query. On PostgreSQL that waits a round trip: off
            // the cooperative pool, whose few threads (one per core) would otherwise each hold one request's wait and
            // cap every connection's throughput. A SQLite read is quicker than the hop.
            let headersOnly = plain
            let authorization: StatisticsRoutes.StatementsAuthorization
            if let known = routes.authorizeStatementsWithoutWaiting(headersOnly, provider: provider) {
                authorization = known
            } else if !routes.authenticator.tokenCheckMayWait {
                authorization = routes.authorizeStatements(headersOnly, provider: provider)
            } else {
                authorization = await withCheckedContinuation { (done: CheckedContinuation<StatisticsRoutes.StatementsAuthorization, Never>) in
                    blockingQueue.async { done.resume(returning: routes.authorizeStatements(headersOnly, provider: provider)) }
                }
            }
            switch authorization {
            case .authorized(let integration): plain.authorizedIntegration = integration
            case .refused(let response): return answered(StatisticsRoutes.versioned(response))
            }
        }
        do {
            let body = try await request.collectBody(upTo: limit)
            plain.body = Data(buffer: body)
        } catch {
            return answered(routes.handle(tooLarge: limit, statements: provider != nil))
        }
        let ready = plain
        let response = await withCheckedContinuation { (done: CheckedContinuation<ServerResponse, Never>) in
            if provider != nil, ready.body.count <= 64 << 10 {
                // Statements of ordinary size: parsing runs here; the commit runs on the commit queue, which
                // answers. One hand-off fewer.
                routes.handle(ready) { done.resume(returning: $0) }
            } else {
                // Large batches and other requests may take longer: off the cooperative pool.
                blockingQueue.async { routes.handle(ready) { done.resume(returning: $0) } }
            }
        }
        return answered(response)
    }

    static let blockingQueue = DispatchQueue(label: "coursebridge.server.store", qos: .userInitiated, attributes: .concurrent)

    static func makeResponse(_ plain: ServerResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in plain.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        return Response(status: .init(code: plain.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: plain.body)))
    }
}

extension StatisticsRoutes {
    func handle(tooLarge limit: Int, statements: Bool = true) -> ServerResponse {
        let advice = statements ? "send smaller batches" : "this endpoint takes small form or JSON bodies only"
        var r = ServerResponse.error(413, "payload_too_large", "the request body is over \(limit) bytes: \(advice)")
        r.headers.append(("X-Experience-API-Version", Self.xAPIVersion))
        return r
    }
}

/// The server could not listen.
public struct ServerStartError: Error, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let underlying: String
    public var description: String {
        "cannot listen on \(host):\(port): \(underlying); choose another --port or stop the program using it"
    }
}
