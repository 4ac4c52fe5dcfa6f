import CourseBridgeData
import Foundation

/// Group commit for pushed statements: requests that arrive while a commit is under way share the next
/// transaction, so eight connections pay for one fsync instead of eight. Each request runs in its own
/// savepoint (a 409 or a failed batch undoes only its own statements) and is answered only after the commit
/// that made its statements durable (on SQLite, after the WAL's fdatasync made beside the next group's commit).
///
/// Commits run on one serial queue and answer through callbacks, so no thread sits blocked per waiting
/// request (blocked threads made Dispatch spawn more of them, and the switching cost more than the fsync).
final class StatementCommitGroup: @unchecked Sendable {  // `pending` and `scheduled` are guarded by `lock`
    typealias Work = @Sendable (StatisticsTransaction) throws -> [IngestedStatement]
    typealias Completion = @Sendable (Result<[IngestedStatement], StoreError>) -> Void
    /// What `work` will look up, worked out inside the transaction before any request of the group runs.
    typealias Plan = @Sendable (StatisticsTransaction) -> StatementPrefetch
    /// The learners and courses `work` will match, looked up for the whole group before any plan runs.
    typealias Lookups = @Sendable () -> StatementLookups

    private struct Request {
        /// Statements in the request.
        let size: Int
        let work: Work
        let plan: Plan?
        let lookups: Lookups?
        let done: Completion
    }

    private let store: any DataStore
    private let queue = DispatchQueue(label: "coursebridge.statements.commit", qos: .userInitiated)
    private let answers = DispatchQueue(label: "coursebridge.statements.answers", qos: .userInitiated, attributes: .concurrent)
    /// Where a store whose commits return before they are on disk (`canDeferSync`, large groups) syncs them, in commit order,
    /// while the commit queue writes the next group.
    private let syncs = DispatchQueue(label: "coursebridge.statements.sync", qos: .userInitiated)
    private let lock = NSLock()
    private var pending: [Request] = []
    private var scheduled = false
    /// Enough to amortise the fsync over every connection; bounded so one commit stays short.
    private let maxRequestsPerCommit = 64
    /// Statements in a group from which its sync is deferred (when the store can).
    static let deferSyncFrom = 32

    init(store: any DataStore) { self.store = store }

    /// Queues `work` for the next commit; `done` is called (off the commit queue) once that commit is durable
    /// or has failed.
    func submit(size: Int = 1, _ work: @escaping Work, plan: Plan? = nil, lookups: Lookups? = nil, done: @escaping Completion) {
        lock.lock()
        pending.append(Request(size: size, work: work, plan: plan, lookups: lookups, done: done))
        let start = !scheduled
        scheduled = true
        lock.unlock()
        if start { queue.async { self.commitWhilePending() } }
    }

    /// `submit`, waiting for the answer: for callers that are not on the server's event loops.
    func run(size: Int = 1, _ work: @escaping Work, plan: Plan? = nil, lookups: Lookups? = nil) throws(StoreError) -> [IngestedStatement] {
        let answered = DispatchSemaphore(value: 0)
        let box = ResultBox()
        submit(size: size, work, plan: plan, lookups: lookups) { result in
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
            // A large group takes long enough to write that the next one has gathered meanwhile: its fsync runs
            // beside that one's commit. A small one (single statements) waits for its fsync inside the commit, and
            // the requests arriving meanwhile join the next group: fewer, larger commits (singles ran ~10 % slower
            // with every commit's sync deferred; batches ~10 % faster).
            let deferring = store.canDeferSync && group.reduce(0) { $0 + $1.size } >= Self.deferSyncFrom
            let results = commit(group, deferringSync: deferring)
            if deferring {
                syncs.async { self.answer(group, results, synced: self.syncCommits()) }
            } else {
                answer(group, results, synced: nil)
            }
        }
    }

    private func syncCommits() -> StoreError? {
        do { try store.syncCommits() } catch { return error }
        return nil
    }

    /// Each request's result, once its commit is on disk; if the sync failed, stored work is not reported as stored.
    private func answer(_ group: [Request], _ results: [Result<[IngestedStatement], StoreError>], synced failure: StoreError?) {
        for (request, result) in zip(group, results) {
            let done = request.done
            let answer: Result<[IngestedStatement], StoreError>
            if let failure, case .success = result { answer = .failure(failure) } else { answer = result }
            answers.async { done(answer) }
        }
    }

    private func commit(_ group: [Request], deferringSync: Bool) -> [Result<[IngestedStatement], StoreError>] {
        do {
            return try store.ingestionTransaction(deferringSync: deferringSync) { tx in
                // What the whole group looks up, in a round trip or two where the store gains by it (PostgreSQL):
                // the learners and courses it has not met yet, then its statements and attempts. A failure here
                // dooms the try, and the store runs the group again.
                if tx.prefetches {
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
                return group.map { request -> Result<[IngestedStatement], StoreError> in
                    do { return .success(try tx.savepoint { try request.work(tx) }) } catch { return .failure(tx.storeError(error)) }
                }
            }
        } catch {
            // The commit itself failed (disk full, I/O): nothing of the group is stored, every request says so.
            return group.map { _ in .failure(error) }
        }
    }

    private final class ResultBox: @unchecked Sendable {  // written before `answered.signal()`, read after
        var result: Result<[IngestedStatement], StoreError>?
    }
}
