import Dispatch
import Foundation

/// One stage of the sync pipeline: work runs in order on its own serial queue while the caller goes on, with at
/// most `depth` items in flight, so reading, deciding and writing pages overlap. The first error stops the
/// stage's further work and is rethrown by the next `submit` and by `drain`.
final class SerialStage: @unchecked Sendable {  // `failure` is guarded by `lock`; the rest is immutable
    private let queue: DispatchQueue
    private let slots: DispatchSemaphore
    private let pending = DispatchGroup()
    private let lock = NSLock()
    private var failure: (any Error)?

    init(label: String, depth: Int) {
        queue = DispatchQueue(label: label)
        slots = DispatchSemaphore(value: depth)
    }

    func submit(_ work: @escaping @Sendable () throws -> Void) throws {
        if let failure = currentFailure { throw failure }
        slots.wait()
        pending.enter()
        queue.async { [self] in
            defer { slots.signal(); pending.leave() }
            guard currentFailure == nil else { return }
            do { try work() } catch { record(error) }
        }
    }

    /// Waits for all submitted work; rethrows the first error.
    func drain() throws {
        pending.wait()
        if let failure = currentFailure { throw failure }
    }

    private var currentFailure: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }

    private func record(_ error: any Error) {
        lock.lock()
        if failure == nil { failure = error }
        lock.unlock()
    }
}
