import Foundation

/// How many launches a source address or a learner may make, and how much the limiter may remember.
public struct LaunchLimits: Sendable, Equatable {
    public var perSource: Int
    public var perUser: Int
    public var window: TimeInterval
    /// Keys remembered at most; the least recently seen is forgotten first, so memory stays bounded under a flood.
    public var capacity: Int

    public init(perSource: Int = 30, perUser: Int = 30, window: TimeInterval = 60, capacity: Int = 4_096) {
        self.perSource = perSource
        self.perUser = perUser
        self.window = window
        self.capacity = capacity
    }
}

/// Fixed-window counters per key in a bounded LRU map: a pure state machine, the caller holds the lock and the clock.
struct LaunchRateLimiter {
    /// A key longer than this is cut: what an anonymous request can make the server keep stays small.
    static let maxKeyLength = 320

    private struct Entry {
        var windowStart: Date
        var count: Int
        var lastSeen: UInt64
    }

    let capacity: Int
    let window: TimeInterval
    private var entries: [String: Entry] = [:]
    private var tick: UInt64 = 0

    init(capacity: Int, window: TimeInterval) {
        self.capacity = max(1, capacity)
        self.window = window
    }

    var count: Int { entries.count }

    /// Counts one launch for `key`; false once the key has had `limit` in the current window.
    mutating func allow(_ key: String, limit: Int, now: Date) -> Bool {
        let key = String(key.prefix(Self.maxKeyLength))
        tick += 1
        if var entry = entries[key] {
            if now.timeIntervalSince(entry.windowStart) >= window || now < entry.windowStart {
                entry.windowStart = now
                entry.count = 0
            }
            entry.lastSeen = tick
            let allowed = entry.count < limit
            if allowed { entry.count += 1 }
            entries[key] = entry
            return allowed
        }
        if entries.count >= capacity { evict(now: now) }
        entries[key] = Entry(windowStart: now, count: 1, lastSeen: tick)
        return limit > 0
    }

    /// Drops expired windows; if none had expired, the least recently seen key.
    private mutating func evict(now: Date) {
        let before = entries.count
        entries = entries.filter { now.timeIntervalSince($0.value.windowStart) < window }
        if entries.count < before { return }
        if let oldest = entries.min(by: { $0.value.lastSeen < $1.value.lastSeen })?.key {
            entries.removeValue(forKey: oldest)
        }
    }
}
