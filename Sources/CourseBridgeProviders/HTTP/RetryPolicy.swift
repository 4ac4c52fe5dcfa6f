import Foundation

/// When to try a request again: a pure state machine, no clock and no sleeping, so it is
/// tested step by step. The caller sleeps for the returned delay (through an injected `Sleeper`).
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in total, the first one included.
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// A provider asking to wait longer than this fails the call as rate-limited rather than stall the run.
    public var maxRetryAfter: Double
    /// State of the jitter generator (SplitMix64): deterministic for a given seed.
    private var randomState: UInt64

    public init(maxAttempts: Int = 5, baseDelay: Double = 0.5, maxDelay: Double = 30, maxRetryAfter: Double = 300,
                seed: UInt64 = UInt64.random(in: 0...UInt64.max)) {
        precondition(maxAttempts >= 1, "at least one attempt")
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.randomState = seed
    }

    /// No retries at all (TEST CONNECTION answers fast).
    public static let none = RetryPolicy(maxAttempts: 1, seed: 0)

    public enum Outcome: Sendable, Equatable {
        /// An HTTP status that was not a success; `retryAfter` already parsed into seconds.
        case status(Int, retryAfter: Double?)
        case timeout
        case connectionLost
    }

    public enum Decision: Sendable, Equatable {
        case retry(after: Double)
        case fail
    }

    /// `attempt` is the number of the attempt that just failed, starting at 1.
    public mutating func next(for outcome: Outcome, attempt: Int) -> Decision {
        guard attempt < maxAttempts else { return .fail }
        switch outcome {
        case .status(429, let retryAfter):
            if let retryAfter {
                return retryAfter <= maxRetryAfter ? .retry(after: retryAfter) : .fail
            }
            return .retry(after: backoff(attempt: attempt))
        case .status(let code, _) where (500...599).contains(code):
            return .retry(after: backoff(attempt: attempt))
        case .timeout, .connectionLost:
            return .retry(after: backoff(attempt: attempt))
        case .status:
            return .fail
        }
    }

    /// "Equal jitter": half the exponential step is fixed, half random, capped at `maxDelay`.
    private mutating func backoff(attempt: Int) -> Double {
        let step = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return step / 2 + step / 2 * nextUnit()
    }

    private mutating func nextUnit() -> Double {
        randomState &+= 0x9E37_79B9_7F4A_7C15
        var z = randomState
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}

/// Waits between attempts; tests inject one that records instead of sleeping.
public struct Sleeper: Sendable {
    public let sleep: @Sendable (Double) -> Void
    public init(_ sleep: @escaping @Sendable (Double) -> Void) { self.sleep = sleep }
    public static let real = Sleeper { seconds in
        if seconds > 0 { Thread.sleep(forTimeInterval: seconds) }
    }
}
