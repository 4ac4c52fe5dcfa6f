import Foundation

/// Reads a listing one page ahead of the caller: a thread of its own fetches and scans page N+1 while the caller
/// maps page N and hands it on. Without it the listing thread sat idle for every response (the provider's time)
/// and the provider sat idle while the page was mapped; a sequential pager pays both, one after the other.
///
/// What goes over the wire does not change: requests still go out one at a time, in the same order, each one
/// after the previous answer was read (the pager decides the next URL from that answer). At most one page waits
/// for the caller, so memory stays at two pages. The only difference a provider can see: when the caller fails on
/// page N (a mapping error, a store failure, cancellation), page N+1 may already have been requested.
enum PageReadAhead {
    /// Runs `produce` on its own thread; each `deliver` hands one page to `consume`, which runs on the calling
    /// thread, in order. `deliver` returns once the caller has taken the page, so the producer's next request
    /// overlaps the caller's work on this one. A producer error reaches the caller after every page delivered
    /// before it; a `consume` error stops the producer (its pending `deliver` throws) and is rethrown once the
    /// producer's thread has ended, so nothing of the listing still runs when this returns.
    static func read<Page: Sendable>(produce: @escaping @Sendable (_ deliver: (Page) throws -> Void) throws -> Void,
                                     consume: (Page) throws -> Void) throws {
        let handoff = Handoff<Page>()
        let thread = Thread {
            do {
                try produce { page in try handoff.put(page) }
                handoff.finish(nil)
            } catch {
                handoff.finish(error)
            }
        }
        thread.name = "coursebridge.listing.fetch"
        thread.start()
        do {
            while let page = try handoff.take() {
                try consume(page)
            }
        } catch {
            handoff.stop()
            handoff.waitFinished()
            throw error
        }
        handoff.waitFinished()
    }

    /// The caller stopped reading: the producer's `deliver` throws this so that it unwinds without another request.
    struct Stopped: Error {}
}

/// One slot between the producer's thread and the caller's, with the end of the listing (or its error).
private final class Handoff<Page: Sendable>: @unchecked Sendable {
    // @unchecked: every stored property is read and written with `condition` locked.
    private let condition = NSCondition()
    private var slot: Page?
    private var finished = false
    private var failure: (any Error)?
    private var stopped = false

    /// Producer: leaves `page` for the caller and waits until it is taken (or the caller has stopped).
    func put(_ page: Page) throws {
        condition.lock()
        defer { condition.unlock() }
        if stopped { throw PageReadAhead.Stopped() }
        slot = page
        condition.broadcast()
        while slot != nil, !stopped { condition.wait() }
        if stopped { throw PageReadAhead.Stopped() }
    }

    /// Producer: the listing ended, with `error` when it failed.
    func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Caller: the next page, nil at the end of the listing; rethrows the producer's error after its last page.
    func take() throws -> Page? {
        condition.lock()
        defer { condition.unlock() }
        while slot == nil, !finished { condition.wait() }
        if let page = slot {
            slot = nil
            condition.broadcast()
            return page
        }
        if let failure { throw failure }
        return nil
    }

    /// Caller: it will take no more pages.
    func stop() {
        condition.lock()
        stopped = true
        slot = nil
        condition.broadcast()
        condition.unlock()
    }

    func waitFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
