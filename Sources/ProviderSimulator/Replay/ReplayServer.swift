import CourseBridgeProviders
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `coursebridge simulate --replay DIR`: serves a recording made by `sync ID --record DIR` on 127.0.0.1,
/// the API under `/api` and the token URL at `/token`, so a sync can be reproduced offline. Any
/// credentials are accepted: the recording's own were scrubbed.
public final class ReplayServer: Sendable {
    public let library: ReplayLibrary
    public let port: Int
    private let host: String
    private let task: Task<Void, any Error>

    private init(library: ReplayLibrary, host: String, port: Int, task: Task<Void, any Error>) {
        self.library = library
        self.host = host
        self.port = port
        self.task = task
    }

    public var baseURL: String { "http://\(host):\(port)" }
    public var apiBase: String { baseURL + "/api" }
    public var tokenURL: String { baseURL + "/token" }

    public static func start(library: ReplayLibrary, host: String = "127.0.0.1", port: Int = 0) async throws -> ReplayServer {
        let (task, boundPort) = try await LoopbackApp.start(host: host, port: port, label: "ReplayServer") { request in
            var request = request
            _ = try await request.collectBody(upTo: SimulatorServer.maxRequestBody)
            // Links point back at whatever address the client used to reach us.
            let origin = "http://" + (request.head.authority ?? "\(host):\(port)")
            return ReplayServer.respond(library, request, origin: origin)
        }
        return ReplayServer(library: library, host: host, port: boundPort, task: task)
    }

    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    static func respond(_ library: ReplayLibrary, _ request: Request, origin: String) -> Response {
        let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        let recorded: String
        if target.hasPrefix("/api") {
            recorded = RecordingManifest.apiPlaceholder + target.dropFirst(4)
        } else if target.hasPrefix("/token") {
            recorded = RecordingManifest.tokenPlaceholder + target.dropFirst(6)
        } else {
            recorded = target
        }
        guard let exchange = library.answer(method: request.method.rawValue, url: recorded) else {
            let message = "no recorded exchange for \(request.method.rawValue) \(target)"
            return Response(status: .notFound, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"message":"\#(message)"}"#)))
        }
        func live(_ text: String) -> String {
            text.replacingOccurrences(of: RecordingManifest.apiPlaceholder, with: origin + "/api")
                .replacingOccurrences(of: RecordingManifest.tokenPlaceholder, with: origin + "/token")
        }
        var fields = HTTPFields()
        // The body was recorded decoded, and its length changes with the origin put back.
        let dropped: Set<String> = ["content-length", "content-encoding", "transfer-encoding", "connection"]
        for pair in exchange.response.headers where pair.count == 2 && !dropped.contains(pair[0].lowercased()) {
            if let name = HTTPField.Name(pair[0]) { fields.append(HTTPField(name: name, value: live(pair[1]))) }
        }
        return Response(status: .init(code: exchange.response.status), headers: fields,
                        body: .init(byteBuffer: ByteBuffer(string: live(exchange.response.body))))
    }
}
