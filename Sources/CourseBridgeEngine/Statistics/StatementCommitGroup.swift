import CourseBridgeData
import Foundation

/// Group commit for pushed statements: requests that arrive while a commit is under way share the next
/// transaction, so eight connections pay for one fsync instead of eight. A 409 or a failed batch undoes only its
/// own statements: each request runs in its own savepoint, or, where the store would rather (SQLite), the group
/// runs without them and runs again with them if a request fails. A request is answered only after the commit
/// that made its statements durable.
///
/// Commits run on one serial queue and answer through callbacks, so no thread sits blocked per waiting
/// request (blocked threads made Dispatch spawn more of them, and the switching cost more than the fsync).
final class StatementCommitGroup: @unchecked Sendable {  // `pending`, `scheduled`: under `lock`; `lastGroupFailed`: the commit queue
    typealias Work = @Sendable (StatisticsTransaction) throws -> [IngestedStatement]
    typealias Completion = @Sendable (Result<[IngestedStatement], StoreError>) -> Void
    /// What `work` will look up, worked out inside the transaction before any request of the group runs.
    typealias Plan = @Sendable (StatisticsTransaction) -> StatementPrefetch
    /// The learners and courses `work` will match, looked up for the whole group before any plan runs.
    typealias Lookups = @Sendable () -> StatementLookups

    private struct Request {
        let work: Work
        let plan: Plan?
        let lookups: Lookups?
        let done: Completion
    }

    private let store: any DataStore
    private let queue = DispatchQueue(label: "coursebridge.statements.commit", qos: .userInitiated)
    private let answers = DispatchQueue(label: "coursebridge.statements.answers", qos: .userInitiated, attributes: .concurrent)
    private let lock = NSLock()
    private var pending: [Request] = []
    private var scheduled = false
    /// Whether the last group had a request fail: the next one starts with savepoints (on the commit queue only).
    /// A sender whose requests keep failing would otherwise make every group run twice.
    private var lastGroupFailed = false
    /// Enough to amortise the fsync over every connection; bounded so one commit stays short.
    private let maxRequestsPerCommit = 64

    init(store: any DataStore) { self.store = store }

    /// Queues `work` for the next commit; `done` is called (off the commit queue) once that commit is durable
    /// or has failed.
    func submit(_ work: @escaping Work, plan: Plan? = nil, lookups: Lookups? = nil, done: @escaping Completion) {
        lock.lock()
        pending.append(Request(work: work, plan: plan, lookups: lookups, done: done))
        let start = !scheduled
        scheduled = true
        lock.unlock()
        if start { queue.async { self.commitWhilePending() } }
    }

    /// `submit`, waiting for the answer: for callers that are not on the server's event loops.
    func run(_ work: @escaping Work, plan: Plan? = nil, lookups: Lookups? = nil) throws(StoreError) -> [IngestedStatement] {
        let answered = DispatchSemaphore(value: 0)
        let box = ResultBox()
        submit(work, plan: plan, lookups: lookups) { result in
            box.result = result
            answered.signal()
        }
        answered.wait()
        return try box.result!.get()
    }

    private func commitWhilePending() {
        while true {
            lock.lock()
            let group = Array(pending.prefix(maxRequestsPerCommit))
            pending.removeFirst(group.count)
            if group.isEmpty { scheduled = false }
            lock.unlock()
            if group.isEmpty { return }
            // Answering (the reply's JSON, counters, the hand-back to the connection) runs beside the next
            // commit rather than before it: this thread is the one everything waits for.
            let results = commit(group)
            lastGroupFailed = results.contains { if case .failure = $0 { true } else { false } }
            for (request, result) in zip(group, results) {
                let done = request.done
                answers.async { done(result) }
            }
        }
    }

    private func commit(_ group: [Request]) -> [Result<[IngestedStatement], StoreError>] {
        let attempt = GroupAttempt()
        attempt.withSavepoints = lastGroupFailed
        while true {
            do {
                return try store.statisticsTransaction(memoizingLookups: true) { tx in
                    try Self.prefetch(for: group, tx)
                    if tx.rerunsRatherThanSavepoints && !attempt.withSavepoints {
                        // While every request succeeds, none needs a savepoint of its own; the first that fails
                        // rolls the whole group back, and it runs again with them (as does the next group).
                        return try group.map { request in
                            do { return .success(try request.work(tx)) } catch {
                                attempt.requestFailed = true
                                throw error
                            }
                        }
                    }
                    return group.map { request -> Result<[IngestedStatement], StoreError> in
                        do { return .success(try tx.savepoint { try request.work(tx) }) } catch { return .failure(tx.storeError(error)) }
                    }
                }
            } catch {
                // A group of one has nothing to keep: its request's error is its answer, as its savepoint would give.
                if attempt.requestFailed && !attempt.withSavepoints && group.count > 1 {
                    attempt.withSavepoints = true
                    continue
                }
                // The commit itself failed (disk full, I/O), or the group's one request did: nothing of the group
                // is stored, every request says so.
                return group.map { _ in .failure(error) }
            }
        }
    }

    /// What the whole group looks up, in a round trip or two where the store gains by it (PostgreSQL): the learners
    /// and courses it has not met yet, then its statements and attempts. A failure here dooms the try, and the
    /// store runs the group again.
    private static func prefetch(for group: [Request], _ tx: StatisticsTransaction) throws {
        guard tx.prefetches else { return }
        var lookups = StatementLookups()
        for request in group { if let more = request.lookups?() { lookups.add(more) } }
        if !lookups.isEmpty { try tx.preload(lookups) }
        var wanted = StatementPrefetch()
        for plan in group.compactMap(\.plan) {
            let more = plan(tx)
            wanted.statements += more.statements
            wanted.pairs += more.pairs
        }
        try tx.prefetch(wanted)
    }

    /// How a group's commit is going: written inside its transactions (on the store's writer, which the commit
    /// queue waits for) and read between them, one at a time.
    private final class GroupAttempt: @unchecked Sendable {
        var withSavepoints = false
        var requestFailed = false
    }

    private final class ResultBox: @unchecked Sendable {  // written before `answered.signal()`, read after
        var result: Result<[IngestedStatement], StoreError>?
    }
}
