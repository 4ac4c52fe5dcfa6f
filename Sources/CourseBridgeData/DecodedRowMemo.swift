import Foundation

/// Values decoded from database rows, kept by the rows' raw column values. Every statement request reads its
/// token's integration, and decoding that row (JSON columns, dates, a schedule, every column found by name) cost
/// more than the query: a row with the same values decodes to the same value, so it is decoded once. A changed row
/// has other values and is decoded afresh; nothing here depends on time, and nothing is answered without the query.
public final class DecodedRowMemo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {  // `values` under `lock`
    private let lock = NSLock()
    private var values: [Key: Value] = [:]
    /// Past this many different rows it starts over: bounds memory when rows keep changing.
    private let capacity: Int

    public init(capacity: Int = 256) { self.capacity = capacity }

    /// The value decoded before for a row with these raw values, else `decode()`'s, kept for next time.
    public func value<E: Error>(for key: Key, decode: () throws(E) -> Value) throws(E) -> Value {
        lock.lock()
        let known = values[key]
        lock.unlock()
        if let known { return known }
        let value = try decode()
        lock.lock()
        if values.count >= capacity { values.removeAll(keepingCapacity: true) }
        values[key] = value
        lock.unlock()
        return value
    }
}
