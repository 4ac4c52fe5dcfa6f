import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes
import Synchronization

/// Open connections across all event loops, against `serve --max-connections`.
final class ConnectionCounter: Sendable {
    let limit: Int
    private let open = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Counts a new connection; false when it is one too many.
    func opened() -> Bool { open.add(1, ordering: .relaxed).newValue <= limit }
    func closed() { open.subtract(1, ordering: .relaxed) }
    var current: Int { open.load(ordering: .relaxed) }

    private let lastRefusalLog = Mutex<ContinuousClock.Instant?>(nil)

    /// At most one log line per 10 s about refused connections: a flood must not fill the log.
    func shouldLogRefusal() -> Bool {
        let now = ContinuousClock.now
        return lastRefusalLog.withLock { last in
            if let last, now - last < .seconds(10) { return false }
            last = now
            return true
        }
    }
}

/// One per connection, between HTTP decoding and Hummingbird. It bounds what a client that never
/// authenticates can hold:
/// - a connection beyond `--max-connections` is closed as soon as it is accepted;
/// - a request must arrive whole within `--request-timeout`: from the connection's start (or the previous
///   answer) to its head, and from its head to the end of its body. A body dripped one byte a second
///   keeps an idle timeout happy but not this deadline;
/// - an answer given before the request's body was read (401, 413: refused early) says `Connection: close`;
///   the rest of that body is then read and dropped for at most `lingerLimit` before the connection closes
///   (closing at once would reset a client still sending, and a reset can destroy the answer before it is read).
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let counter: ConnectionCounter
    private let requestTimeout: TimeAmount
    private let logger: Logger
    private var refused = false
    private var counted = false
    /// When the client must have sent what the server waits for; nil while the server answers. One timer serves
    /// many requests: it is moved only when a deadline comes earlier, and finds nothing to do when disarmed.
    private var deadline: NIODeadline?
    private var timer: Scheduled<Void>?
    private var timerAt: NIODeadline?
    /// Request heads and ends read, responses finished: the answer being written is for request `responses + 1`.
    private var heads = 0
    private var ends = 0
    private var responses = 0
    private var closeAfterResponse = false
    private var lingering = false
    static let lingerLimit = TimeAmount.seconds(5)

    init(counter: ConnectionCounter, requestTimeout: TimeAmount, logger: Logger) {
        self.counter = counter
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        counted = true
        refused = !counter.opened()
        if context.channel.isActive { start(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        deadline = nil
        if counted { counter.closed() }
        counted = false
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        if !refused { context.fireChannelActive() }
    }

    private func start(_ context: ChannelHandlerContext) {
        if refused {
            if counter.shouldLogRefusal() {
                logger.notice("connections refused: \(counter.limit) are open (--max-connections); further refusals in the next 10 s are not logged")
            }
            context.close(promise: nil)
        } else {
            arm(context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            heads += 1
            if !lingering { arm(context) }
        case .body:
            break
        case .end:
            ends += 1
            if lingering {
                context.close(promise: nil)
                return
            }
            disarm()        // the request is whole: the server's turn, no deadline while it answers
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            if ends < responses + 1 {
                // Answered before the body arrived: say so and close after the answer.
                closeAfterResponse = true
                head.headerFields[.connection] = "close"
                context.write(wrapOutboundOut(.head(head)), promise: promise)
                return
            }
        case .body:
            break
        case .end:
            responses += 1
            if closeAfterResponse {
                context.writeAndFlush(data, promise: promise)
                linger(context)
                return
            }
            if heads == ends, responses == ends { arm(context) }     // now waiting for the next request
        }
        context.write(data, promise: promise)
    }

    /// The answer is whole: close our side so the client reads it to the end, drop what it still sends for a
    /// short while, then close.
    private func linger(_ context: ChannelHandlerContext) {
        lingering = true
        let channel = context.channel
        let closed = context.eventLoop.makePromise(of: Void.self)
        closed.futureResult.whenFailure { _ in channel.close(promise: nil) }     // no half-close here: close all
        context.close(mode: .output, promise: closed)
        arm(context, after: min(requestTimeout, Self.lingerLimit))
    }

    private func arm(_ context: ChannelHandlerContext, after delay: TimeAmount? = nil) {
        let due = NIODeadline.now() + (delay ?? requestTimeout)
        deadline = due
        if let timerAt, timer != nil, timerAt <= due { return }      // the running timer fires first and re-checks
        timer?.cancel()
        schedule(context, at: due)
    }

    private func schedule(_ context: ChannelHandlerContext, at when: NIODeadline) {
        timerAt = when
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: when) { [self] in
            timer = nil
            timerAt = nil
            guard let due = deadline else { return }        // the server's turn: nothing to wait for
            if due > .now() {
                schedule(context, at: due)
                return
            }
            deadline = nil
            if !lingering {
                logger.info("connection closed: no whole request within \(Double(requestTimeout.nanoseconds) / 1e9) s (--request-timeout)",
                            metadata: ["peer": "\(context.channel.remoteAddress?.ipAddress ?? "unknown")"])
            }
            context.close(promise: nil)
        }
    }

    private func disarm() { deadline = nil }
}
