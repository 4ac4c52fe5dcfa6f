import CourseBridgeStore
import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle

/// `coursebridge serve`'s HTTP side: Hummingbird in front of `StatisticsRoutes`. The ServiceGroup is
/// built here with no shutdown signals: the command owns SIGINT/SIGTERM and calls `stop()`.
public final class StatisticsServer: Sendable {
    public let port: Int
    public let host: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(host: String, port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.host = host
        self.port = port
        self.group = group
        self.task = task
    }

    public var baseURL: String { "http://\(host):\(port)" }

    /// Starts listening and returns once the port is bound (`port: 0` picks a free one).
    public static func start(store: Store, settings: ServerSettings, logger: Logger) async throws -> StatisticsServer {
        let routes = StatisticsRoutes(store: store, settings: settings, logger: logger)
        let responder = CallbackResponder<ServerContext> { request, context in
            try await respond(routes, request, context)
        }
        let (bound, continuation) = AsyncStream<Int?>.makeStream()
        let app = Application(
            responder: responder,
            // A client that opens a connection and stops sending (slowloris) is dropped after `idleTimeout` of silence.
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(settings.idleTimeout * 1000)))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port)
                continuation.finish()
            },
            logger: logger)
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
        return StatisticsServer(host: settings.host, port: port, group: group, task: task)
    }

    /// Graceful shutdown: in-flight requests finish (their statements are already committed).
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    /// Waits until the server stops by itself (an error) or through `stop()`.
    public func wait() async throws {
        try await task.value
    }

    // MARK: - Hummingbird adapter

    static func respond(_ routes: StatisticsRoutes, _ request: Request, _ context: ServerContext) async throws -> Response {
        var request = request
        let limit = routes.settings.bodyLimit
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            return makeResponse(routes.handle(tooLarge: limit))
        }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch {
            return makeResponse(routes.handle(tooLarge: limit))
        }
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let plain = ServerRequest(method: request.method.rawValue, path: request.uri.path, query: query, headers: headers,
                                  body: Data(buffer: body), clientAddress: context.remoteAddress?.ipAddress ?? "unknown")
        let response = await withCheckedContinuation { (done: CheckedContinuation<ServerResponse, Never>) in
            if routes.statementsProvider(plain) != nil, plain.body.count <= 64 << 10 {
                // Statements of ordinary size: parsing and the token's one indexed read (WAL readers never wait for
                // the writer) run here; the commit runs on the commit queue, which answers. One hand-off fewer.
                routes.handle(plain) { done.resume(returning: $0) }
            } else {
                // Large batches and other requests may take longer: off the cooperative pool.
                blockingQueue.async { routes.handle(plain) { done.resume(returning: $0) } }
            }
        }
        return makeResponse(response)
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
    func handle(tooLarge limit: Int) -> ServerResponse {
        var r = ServerResponse.error(413, "payload_too_large", "the request body is over \(limit) bytes: send smaller batches")
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
