import Dispatch
import Foundation

/// One stage of the sync pipeline: work runs in order on its own serial queue while the caller goes on. The work
/// in flight is bounded by a budget (in catalog items, so memory stays flat whatever the provider's page size):
/// `submit` waits while the budget is spent. The first error stops the stage's further work and is rethrown by the
/// next `submit` and by `drain`.
final class SerialStage: @unchecked Sendable {  // `failure`, `inFlight` and `budget` are guarded by `condition`
    private let queue: DispatchQueue
    private var budget: Int
    private let condition = NSCondition()
    private var inFlight = 0
    private var failure: (any Error)?
    private let pending = DispatchGroup()

    init(label: String, budget: Int) {
        queue = DispatchQueue(label: label)
        self.budget = budget
    }

    /// Queues `work`, which costs `cost` of the budget until it has run. Work larger than the whole budget
    /// still runs, alone.
    func submit(cost: Int = 1, _ work: @escaping @Sendable () throws -> Void) throws {
        condition.lock()
        while failure == nil, inFlight > 0, inFlight + cost > budget { condition.wait() }
        if let failure {
            condition.unlock()
            throw failure
        }
        inFlight += cost
        condition.unlock()
        pending.enter()
        queue.async { [self] in
            defer {
                condition.lock()
                inFlight -= cost
                condition.broadcast()
                condition.unlock()
                pending.leave()
            }
            guard currentFailure == nil else { return }
            do { try work() } catch { record(error) }
        }
    }

    /// Changes the budget for what is submitted from now on; work already in flight stays.
    func setBudget(_ budget: Int) {
        condition.lock()
        self.budget = budget
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for all submitted work; rethrows the first error.
    func drain() throws {
        pending.wait()
        if let failure = currentFailure { throw failure }
    }

    private var currentFailure: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    private func record(_ error: any Error) {
        condition.lock()
        if failure == nil { failure = error }
        condition.broadcast()
        condition.unlock()
    }
}
