import Foundation
import Hummingbird
import Logging

/// Starts a Hummingbird app for the simulator or a replay and returns once its port is bound (`port: 0` picks
/// a free one), with the task that runs it (cancel it to stop).
enum LoopbackApp {
    static func start(host: String, port: Int, label: String,
                      respond: @escaping @Sendable (Request) async throws -> Response) async throws -> (task: Task<Void, any Error>, port: Int) {
        let responder = CallbackResponder<BasicRequestContext> { request, _ in try await respond(request) }
        let (bound, continuation) = AsyncStream<Int?>.makeStream()
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port)
                continuation.finish()
            },
            logger: Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task {
            defer { continuation.finish() }
            try await app.run()
        }
        var iterator = bound.makeAsyncIterator()
        guard let first = await iterator.next(), let boundPort = first else {
            task.cancel()
            if case .failure(let error) = await task.result {
                throw SimulatorStartError(host: host, port: port, underlying: "\(error)")
            }
            throw SimulatorStartError(host: host, port: port, underlying: "the server stopped before listening")
        }
        return (task, boundPort)
    }
}
