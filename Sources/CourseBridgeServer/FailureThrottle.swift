import Foundation

/// Slows down repeated authentication failures from one client id or address: after `threshold`
/// failures within `window`, requests are refused (429) for a delay that doubles with each further
/// failure, up to `maxDelay`. A pure state machine: the caller passes the clock.
public struct FailureThrottle: Sendable {
    public var threshold: Int
    public var window: TimeInterval
    public var maxDelay: TimeInterval
    private var entries: [String: Entry] = [:]

    struct Entry: Sendable {
        var failures: Int
        var firstAt: Date
        var blockedUntil: Date?
    }

    public init(threshold: Int = 5, window: TimeInterval = 60, maxDelay: TimeInterval = 300) {
        self.threshold = threshold
        self.window = window
        self.maxDelay = maxDelay
    }

    /// Seconds to wait before trying again, or nil when the key may try now.
    public func retryAfter(_ key: String, now: Date) -> Int? {
        guard let until = entries[key]?.blockedUntil, until > now else { return nil }
        return max(1, Int(until.timeIntervalSince(now).rounded(.up)))
    }

    public mutating func recordFailure(_ key: String, now: Date) {
        if entries.count > 10_000 { entries = entries.filter { now.timeIntervalSince($0.value.firstAt) < window || ($0.value.blockedUntil ?? .distantPast) > now } }
        var entry = entries[key] ?? Entry(failures: 0, firstAt: now)
        if now.timeIntervalSince(entry.firstAt) > window, (entry.blockedUntil ?? .distantPast) <= now {
            entry = Entry(failures: 0, firstAt: now)
        }
        entry.failures += 1
        if entry.failures >= threshold {
            let delay = min(maxDelay, pow(2, Double(entry.failures - threshold)))
            entry.blockedUntil = now.addingTimeInterval(delay)
        }
        entries[key] = entry
    }

    public mutating func recordSuccess(_ key: String) { entries[key] = nil }
}
