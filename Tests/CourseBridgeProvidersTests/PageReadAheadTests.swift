import Foundation
import Testing
@testable import CourseBridgeProviders

/// The read-ahead pager: pages reach the caller in order, a producer failure after the pages before it, and a
/// caller failure stops the producer before `read` returns, with at most one page fetched ahead.
@Suite struct PageReadAheadTests {
    struct Failure: Error, Equatable { let page: Int }

    /// Counts what the producer did, across its thread and the caller's.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var fetched = 0
        private var ended = false
        func fetch() -> Int { lock.lock(); defer { lock.unlock() }; fetched += 1; return fetched }
        func end() { lock.lock(); ended = true; lock.unlock() }
        var snapshot: (fetched: Int, ended: Bool) { lock.lock(); defer { lock.unlock() }; return (fetched, ended) }
    }

    /// (pages the producer has, page it fails on instead of delivering, page the caller fails on) →
    /// (pages the caller saw, error that comes out).
    @Test(arguments: [
        (0, nil, nil, [], nil),
        (3, nil, nil, [1, 2, 3], nil),
        (5, 3, nil, [1, 2], Failure(page: 3)),
        (5, 1, nil, [], Failure(page: 1)),
        (5, nil, 2, [1, 2], Failure(page: -2)),
        (5, 4, 2, [1, 2], Failure(page: -2)),
    ] as [(Int, Int?, Int?, [Int], Failure?)])
    func pagesArriveInOrderAndTheFirstFailureWins(pages: Int, producerFails: Int?, callerFails: Int?,
                                                   seen expectedSeen: [Int], error expected: Failure?) {
        let log = Log()
        var seen: [Int] = []
        var caught: Failure?
        do {
            try PageReadAhead.read(produce: { deliver in
                defer { log.end() }
                for page in stride(from: 1, through: pages, by: 1) {
                    _ = log.fetch()
                    if page == producerFails { throw Failure(page: page) }
                    try deliver(page)
                }
            }, consume: { (page: Int) in
                seen.append(page)
                // Never more than one page fetched beyond the one in hand.
                #expect(log.snapshot.fetched <= page + 1)
                if page == callerFails { throw Failure(page: -page) }
            })
        } catch {
            caught = error as? Failure
        }
        #expect(seen == expectedSeen)
        #expect(caught == expected)
        #expect(log.snapshot.ended, "the producer's thread has finished when read returns")
    }

    @Test func aCallerFailureStopsAnEndlessProducer() {
        let log = Log()
        #expect(throws: Failure.self) {
            try PageReadAhead.read(produce: { deliver in
                defer { log.end() }
                while true { try deliver(log.fetch()) }
            }, consume: { (page: Int) in
                if page == 3 { throw Failure(page: 3) }
            })
        }
        let after = log.snapshot
        #expect(after.ended && after.fetched <= 4)
    }
}
