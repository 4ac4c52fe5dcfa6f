import Foundation

/// Set by whoever runs a sync to stop a listing: checked between pages and during transfers.
public final class CancellationFlag: @unchecked Sendable {
    // @unchecked: the only state is a Bool read and written under `lock`.
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
}
