import Foundation
import Synchronization

/// Pushes round after round of generated statements on its own thread: round 0 at once, then one
/// every `interval` seconds (or just once when `interval` is 0). Each push is reported as one line.
public final class PushLoop: Sendable {
    public let generator: StatementGenerator
    public let pusher: StatementPusher
    public let interval: Double
    private let stopped = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    public init(generator: StatementGenerator, pusher: StatementPusher, interval: Double) {
        precondition(interval >= 0, "interval must not be negative")
        self.generator = generator
        self.pusher = pusher
        self.interval = interval
    }

    /// `push 3: 12 sent, 12 accepted, 0 rejected`, or `push 3 failed: …` (never the secret).
    public static func line(round: Int, _ outcome: Result<PushReport, PushError>) -> String {
        switch outcome {
        case .success(let report): "push \(round + 1): \(report.summary)"
        case .failure(let error): "push \(round + 1) failed: \(error)"
        }
    }

    /// Starts the thread; `report` receives one line per push.
    public func start(report: @escaping @Sendable (String) -> Void) {
        guard started.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        Thread.detachNewThread { [self] in
            defer { finished.signal() }
            var round = 0
            while !stopped.load(ordering: .relaxed) {
                let batch = generator.batch(round)
                let outcome = Result { () throws(PushError) in try pusher.push(batch) }
                report(Self.line(round: round, outcome))
                round += 1
                if interval == 0 { return }
                // Sleep in short steps so stop() is prompt.
                let wake = Date() + interval
                while Date() < wake, !stopped.load(ordering: .relaxed) { Thread.sleep(forTimeInterval: min(0.2, interval)) }
            }
        }
    }

    /// Stops after the push under way, and waits for it.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        if started.load(ordering: .relaxed) { finished.wait() }
    }
}
