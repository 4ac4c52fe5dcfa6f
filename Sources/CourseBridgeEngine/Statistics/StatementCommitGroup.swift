import CourseBridgeStore
import Foundation

/// Group commit for pushed statements: requests that arrive while a commit is under way share the next
/// transaction, so eight connections pay for one fsync instead of eight. Each request runs in its own
/// savepoint (a 409 or a failed batch undoes only its own statements) and every caller still returns only
/// after the commit that made its statements durable.
///
/// No thread of its own: the first caller to find no commit under way leads. It writes everything pending,
/// commits, wakes those callers with their results, and once its own request is answered hands the lead to
/// the oldest caller still waiting.
final class StatementCommitGroup: @unchecked Sendable {
    typealias Work = @Sendable (StatisticsTransaction) throws -> [IngestedStatement]

    private final class Request: @unchecked Sendable {
        let work: Work
        /// Set by the leader before `wake` is signalled; nil after waking means "lead now".
        var result: Result<[IngestedStatement], StoreError>?
        let wake = DispatchSemaphore(value: 0)
        init(work: @escaping Work) { self.work = work }
    }

    private let store: Store
    private let lock = NSLock()
    private var pending: [Request] = []
    private var leading = false
    /// Enough to amortise the fsync over every connection; bounded so one commit stays short.
    private let maxRequestsPerCommit = 64

    init(store: Store) { self.store = store }

    /// Runs `work` inside a shared write transaction and returns once that transaction is committed.
    func run(_ work: @escaping Work) throws(StoreError) -> [IngestedStatement] {
        let request = Request(work: work)
        lock.lock()
        pending.append(request)
        let leadNow = !leading
        leading = true
        lock.unlock()
        if !leadNow { request.wake.wait() }
        if request.result == nil { lead(until: request) }
        return try request.result!.get()
    }

    private func lead(until own: Request) {
        while own.result == nil {
            lock.lock()
            let group = Array(pending.prefix(maxRequestsPerCommit))
            pending.removeFirst(group.count)
            lock.unlock()
            commit(group)
            for request in group where request !== own { request.wake.signal() }
        }
        lock.lock()
        if pending.isEmpty {
            leading = false
            lock.unlock()
        } else {
            let next = pending[0]
            lock.unlock()
            next.wake.signal()   // woken without a result: it leads the next commit
        }
    }

    private func commit(_ group: [Request]) {
        do {
            let outcomes = try store.statisticsTransaction(memoizingLookups: true) { tx in
                group.map { request -> Result<[IngestedStatement], StoreError> in
                    do { return .success(try tx.savepoint { try request.work(tx) }) } catch { return .failure(Store.mapAccessError(error)) }
                }
            }
            for (request, outcome) in zip(group, outcomes) { request.result = outcome }
        } catch {
            for request in group { request.result = .failure(error) }
        }
    }
}
