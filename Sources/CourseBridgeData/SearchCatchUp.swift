import Dispatch
import Synchronization

/// Keeps the search index close behind a long sync (both stores). Courses a page wrote are only noted; once enough
/// are noted, a refresh runs on another thread while the sync goes on with its pages, so the one at the end of the
/// sync has little left. On a first sync of ~87,000 courses the whole index was built after the last page (~9 s on
/// PostgreSQL, ~2 s on SQLite), with a core free meanwhile.
///
/// One background refresh at a time; `waitForBackground` lets a caller that needs the index current (the end of a
/// sync, a search) wait for it instead of queueing behind it for the refresh's lock (PostgreSQL's advisory lock,
/// SQLite's one writer). A failed background refresh only leaves its notes for the next one.
public final class SearchCatchUp: Sendable {
    private struct State {
        var notedSinceRefresh = 0
        var running = false
    }
    private let state = Mutex(State())
    private let running = DispatchGroup()
    private let queue = DispatchQueue(label: "coursebridge.search-catch-up", qos: .utility)
    /// How many noted courses start a refresh: large enough that its fixed cost stays small, small enough that
    /// the end of a sync finds a few seconds of work at most.
    public let threshold: Int
    private let refresh: @Sendable () -> Void

    public init(threshold: Int = 5_000, refresh: @escaping @Sendable () -> Void) {
        self.threshold = threshold
        self.refresh = refresh
    }

    /// Counts `count` more courses noted by a committed write; starts a refresh when they reach the threshold and
    /// none is running.
    public func noted(_ count: Int) {
        guard count > 0 else { return }
        let start = state.withLock { state -> Bool in
            state.notedSinceRefresh += count
            guard !state.running, state.notedSinceRefresh >= threshold else { return false }
            state.running = true
            state.notedSinceRefresh = 0
            return true
        }
        guard start else { return }
        running.enter()
        queue.async { [self] in
            refresh()
            state.withLock { $0.running = false }
            running.leave()
        }
    }

    /// Returns once no background refresh is running.
    public func waitForBackground() {
        running.wait()
    }
}
