import Foundation
import Testing
@testable import CourseBridgeProviders

@Suite struct RetryPolicyTests {
    @Test(arguments: [500, 502, 503, 504])
    func serverErrorsAreRetriedWithGrowingBoundedDelays(status: Int) {
        var policy = RetryPolicy(maxAttempts: 6, baseDelay: 1, maxDelay: 8, seed: 42)
        var delays: [Double] = []
        for attempt in 1...5 {
            guard case .retry(let d) = policy.next(for: .status(status, retryAfter: nil), attempt: attempt) else {
                Issue.record("attempt \(attempt) should be retried")
                return
            }
            delays.append(d)
        }
        // Equal jitter: each delay lies in [step/2, step] with step = min(8, 2^(n-1)).
        for (i, d) in delays.enumerated() {
            let step = min(8, pow(2, Double(i)))
            #expect(d >= step / 2 && d <= step, "delay \(d) of attempt \(i + 1) outside [\(step / 2), \(step)]")
        }
        #expect(policy.next(for: .status(status, retryAfter: nil), attempt: 6) == .fail)
    }

    @Test func timeoutsAndDroppedConnectionsAreRetried() {
        var policy = RetryPolicy(maxAttempts: 3, seed: 1)
        #expect(policy.next(for: .timeout, attempt: 1) != .fail)
        #expect(policy.next(for: .connectionLost, attempt: 2) != .fail)
        #expect(policy.next(for: .timeout, attempt: 3) == .fail)
    }

    @Test(arguments: [400, 401, 403, 404, 409])
    func clientErrorsAreNotRetried(status: Int) {
        var policy = RetryPolicy(seed: 1)
        #expect(policy.next(for: .status(status, retryAfter: nil), attempt: 1) == .fail)
    }

    @Test func rateLimitHonoursRetryAfterExactly() {
        var policy = RetryPolicy(maxAttempts: 4, seed: 9)
        #expect(policy.next(for: .status(429, retryAfter: 7), attempt: 1) == .retry(after: 7))
        #expect(policy.next(for: .status(429, retryAfter: 0), attempt: 2) == .retry(after: 0))
    }

    @Test func rateLimitAskingForTooLongFailsInsteadOfStalling() {
        var policy = RetryPolicy(maxAttempts: 4, maxRetryAfter: 60, seed: 9)
        #expect(policy.next(for: .status(429, retryAfter: 3600), attempt: 1) == .fail)
    }

    @Test func sameSeedGivesSameJitter() {
        var a = RetryPolicy(seed: 5), b = RetryPolicy(seed: 5)
        #expect(a.next(for: .timeout, attempt: 2) == b.next(for: .timeout, attempt: 2))
    }

    @Test func noRetryPolicyFailsAtOnce() {
        var policy = RetryPolicy.none
        #expect(policy.next(for: .status(503, retryAfter: nil), attempt: 1) == .fail)
    }
}

@Suite struct RetryAfterTests {
    let now = Date(timeIntervalSince1970: 1_445_412_400)  // Wed, 21 Oct 2015 07:26:40 GMT

    @Test(arguments: [("120", 120.0), ("0", 0.0), (" 5 ", 5.0)])
    func deltaSeconds(header: String, expected: Double) {
        #expect(RetryAfter.seconds(from: header, now: now) == expected)
    }

    @Test func httpDateIsMeasuredFromNow() {
        #expect(RetryAfter.seconds(from: "Wed, 21 Oct 2015 07:28:00 GMT", now: now) == 80)
    }

    @Test func obsoleteDateFormatsAreAccepted() {
        #expect(RetryAfter.seconds(from: "Wednesday, 21-Oct-15 07:28:00 GMT", now: now) == 80)
        #expect(RetryAfter.seconds(from: "Wed Oct 21 07:28:00 2015", now: now) == 80)
    }

    @Test func pastDateMeansNoWait() {
        #expect(RetryAfter.seconds(from: "Wed, 21 Oct 2015 07:00:00 GMT", now: now) == 0)
    }

    @Test(arguments: [nil, "", "soon", "-3"] as [String?])
    func unreadableHeadersGiveNil(header: String?) {
        #expect(RetryAfter.seconds(from: header, now: now) == nil)
    }
}
