import Foundation

/// Slows down repeated authentication failures from one client id or address: after `threshold`
/// failures within `window`, further failures are answered 429 for a delay that doubles with each
/// failure, up to `maxDelay`. A pure state machine: the caller passes the clock.
///
/// It remembers at most `capacity` keys (least recently used forgotten first), so strangers sending
/// new keys cannot make it grow: a flood costs at most `capacity` short entries.
public struct FailureThrottle: Sendable {
    public var threshold: Int
    public var window: TimeInterval
    public var maxDelay: TimeInterval
    private var entries: LRUMap<String, Entry>

    struct Entry: Sendable {
        var failures: Int
        var firstAt: Date
        var blockedUntil: Date?
    }

    public static let defaultCapacity = 4096

    public init(threshold: Int = 5, window: TimeInterval = 60, maxDelay: TimeInterval = 300, capacity: Int = FailureThrottle.defaultCapacity) {
        self.threshold = threshold
        self.window = window
        self.maxDelay = maxDelay
        entries = LRUMap(capacity: capacity)
    }

    /// Keys remembered now (never more than the capacity).
    public var count: Int { entries.count }
    public var capacity: Int { entries.capacity }

    /// Seconds to wait before trying again, or nil when the key may try now.
    public func retryAfter(_ key: String, now: Date) -> Int? {
        guard let until = entries.peek(key)?.blockedUntil, until > now else { return nil }
        return max(1, Int(until.timeIntervalSince(now).rounded(.up)))
    }

    public mutating func recordFailure(_ key: String, now: Date) {
        var entry = entries.get(key) ?? Entry(failures: 0, firstAt: now)
        if now.timeIntervalSince(entry.firstAt) > window, (entry.blockedUntil ?? .distantPast) <= now {
            entry = Entry(failures: 0, firstAt: now)
        }
        entry.failures += 1
        if entry.failures >= threshold {
            let delay = min(maxDelay, pow(2, Double(entry.failures - threshold)))
            entry.blockedUntil = now.addingTimeInterval(delay)
        }
        entries.set(key, entry)
    }

    public mutating func recordSuccess(_ key: String) { entries.remove(key) }
}
