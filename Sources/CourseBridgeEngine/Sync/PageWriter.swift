import Dispatch
import Foundation

/// Writes pages on a serial queue while the next page is being read, with at most `depth` pages in flight,
/// so a sync takes about as long as its listing. The first write error stops further writes and is rethrown.
final class PageWriter: @unchecked Sendable {  // `failure` is guarded by `lock`; the rest is immutable
    private let queue = DispatchQueue(label: "coursebridge.sync.writer")
    private let slots: DispatchSemaphore
    private let pending = DispatchGroup()
    private let lock = NSLock()
    private var failure: (any Error)?

    init(depth: Int = 2) { slots = DispatchSemaphore(value: depth) }

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

    /// Waits for every submitted page; rethrows the first write error.
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
