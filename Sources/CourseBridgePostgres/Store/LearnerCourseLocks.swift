/// The learner–course locks of one statistics transaction, over its tries (schema v6, `learner_course_lock`).
///
/// A transaction waits for a pair's lock only when the pair sorts above every pair it holds; below, it only tries,
/// and a busy pair makes the whole transaction run again. Every pair met in a try is remembered, and the next try
/// takes them all first, in order: the waits of concurrent instances always go upwards and never form a cycle.
final class LearnerCourseLocks {
    struct Pair: Hashable, Comparable {
        let user: Int64
        let course: Int64
        static func < (a: Pair, b: Pair) -> Bool { (a.user, a.course) < (b.user, b.course) }
    }

    /// How to take a pair's lock (the `p_mode` of the v6 functions).
    enum Mode: Int64 {
        case held = -1
        case tryOnly = 0
        case wait = 1
    }

    /// Every pair any try wanted: the next try locks them first.
    private(set) var known: Set<Pair> = []
    /// Held in this try, in the order taken (a savepoint rolled back releases the ones taken inside it).
    private var held: [Pair] = []
    private var heldSet: Set<Pair> = []
    private var highest: Pair?
    /// On the last try every lock is waited for: PostgreSQL's deadlock detector is then the fallback.
    var waitAlways = false

    /// A new try: nothing held yet.
    func beginTry() {
        held = []
        heldSet = []
        highest = nil
    }

    /// The pairs to lock first, sorted.
    var toLockFirst: [Pair] { known.sorted() }

    func mode(for pair: Pair) -> Mode {
        known.insert(pair)
        if heldSet.contains(pair) { return .held }
        if waitAlways { return .wait }
        guard let highest else { return .wait }
        return highest < pair ? .wait : .tryOnly
    }

    /// The lock of `pair` was taken.
    func took(_ pair: Pair) {
        guard heldSet.insert(pair).inserted else { return }
        held.append(pair)
        if highest.map({ $0 < pair }) ?? true { highest = pair }
    }

    /// Locks taken with `pairs` (sorted or not).
    func took(all pairs: [Pair]) {
        for pair in pairs { took(pair) }
    }

    var heldCount: Int { held.count }

    /// A savepoint was rolled back: the locks taken inside it are released.
    func released(downTo count: Int) {
        guard count < held.count else { return }
        for pair in held[count...] { heldSet.remove(pair) }
        held.removeLast(held.count - count)
        highest = held.max()
    }
}
