import Foundation

/// The first failure of a write sent without waiting (`PostgresTransaction.send`), recorded on the connection's
/// event loop and read by the transaction's thread after its next wait: the connection answers in order, so by
/// then every earlier write has answered.
final class DeferredWriteFailure: @unchecked Sendable {  // `first` under `lock`
    private let lock = NSLock()
    private var first: PostgresAccessError?

    func record(_ error: PostgresAccessError) {
        lock.lock()
        defer { lock.unlock() }
        if first == nil { first = error }
    }

    var error: PostgresAccessError? {
        lock.lock()
        defer { lock.unlock() }
        return first
    }
}
