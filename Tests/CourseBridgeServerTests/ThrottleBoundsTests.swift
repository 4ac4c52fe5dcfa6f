import CourseBridgeData
import CourseBridgeEngine
@testable import CourseBridgeServer
import Foundation
import Logging
import Testing

/// Security review H2: nothing an unauthenticated token request sends is kept without bound.
struct ThrottleBoundsTests {
    struct LRUCase: Sendable, CustomStringConvertible {
        var capacity: Int
        var ops: [String]          // "+k" set, "?k" get, "-k" remove
        var keys: [String]         // expected, most recently used first
        var description: String { ops.joined(separator: " ") }
    }

    @Test("LRUMap keeps at most its capacity and forgets the least recently used key", arguments: [
        LRUCase(capacity: 2, ops: ["+a", "+b", "+c"], keys: ["c", "b"]),
        LRUCase(capacity: 2, ops: ["+a", "+b", "?a", "+c"], keys: ["c", "a"]),
        LRUCase(capacity: 2, ops: ["+a", "+b", "+a", "+c"], keys: ["c", "a"]),
        LRUCase(capacity: 3, ops: ["+a", "+b", "+c", "-b", "+d", "+e"], keys: ["e", "d", "c"]),
        LRUCase(capacity: 1, ops: ["+a", "+b", "?a", "+c"], keys: ["c"]),
        LRUCase(capacity: 3, ops: ["+a", "-a", "-a", "+b"], keys: ["b"]),
        LRUCase(capacity: 3, ops: ["+a", "+b", "+c", "?c", "?a", "+d"], keys: ["d", "a", "c"]),
    ])
    func lruMap(_ c: LRUCase) {
        var map = LRUMap<String, Int>(capacity: c.capacity)
        for (n, op) in c.ops.enumerated() {
            let key = String(op.dropFirst())
            switch op.first {
            case "+": map.set(key, n)
            case "?": _ = map.get(key)
            default: map.remove(key)
            }
            #expect(map.count <= c.capacity)
        }
        #expect(map.keys == c.keys)
        #expect(map.count == c.keys.count)
    }

    @Test("LRUMap reports what it evicted and keeps working through many evictions")
    func lruEviction() {
        var map = LRUMap<Int, Int>(capacity: 100)
        var evicted: [Int] = []
        for i in 0..<10_000 { if let e = map.set(i, i) { evicted.append(e) } }
        #expect(map.count == 100)
        #expect(evicted == Array(0..<9_900))
        #expect(map.peek(9_999) == 9_999 && map.peek(9_899) == nil)
    }

    struct ThrottleCase: Sendable, CustomStringConvertible {
        var failures: Int
        var retryAfter: Int?
        var description: String { "\(failures) failures" }
    }

    @Test("FailureThrottle: threshold 3, then the wait doubles", arguments: [
        ThrottleCase(failures: 2, retryAfter: nil), ThrottleCase(failures: 3, retryAfter: 1),
        ThrottleCase(failures: 4, retryAfter: 2), ThrottleCase(failures: 6, retryAfter: 8),
        ThrottleCase(failures: 20, retryAfter: 60),
    ])
    func throttleDelays(_ c: ThrottleCase) {
        var throttle = FailureThrottle(threshold: 3, window: 600, maxDelay: 60, capacity: 8)
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        for _ in 0..<c.failures { throttle.recordFailure("k", now: t0) }
        #expect(throttle.retryAfter("k", now: t0) == c.retryAfter)
    }

    @Test("FailureThrottle never remembers more keys than its capacity, however many strangers fail")
    func throttleCapacity() {
        var throttle = FailureThrottle(capacity: 4096)
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        for i in 0..<50_000 { throttle.recordFailure("stranger-\(i)", now: t0) }
        #expect(throttle.count == 4096)
        // A key that keeps failing stays remembered while it is among the recently used.
        for _ in 0..<5 { throttle.recordFailure("real", now: t0) }
        #expect(throttle.retryAfter("real", now: t0) != nil)
    }

    @Test("failed token requests with unknown client ids are not remembered per id; known ids and addresses are")
    func unknownClientIdsAreNotStored() throws {
        let h = ServeHarness()
        try h.seed()
        let routes = StatisticsRoutes(services: StatisticsServices(store: try h.store()), settings: ServerSettings(),
                                      logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        func tokenRequest(_ clientId: String, _ secret: String, from address: String) -> ServerResponse {
            routes.handle(ServerRequest(method: "POST", path: "/api/linkedinlearning/oauth2/token",
                                        headers: ["content-type": "application/x-www-form-urlencoded"],
                                        body: Data("grant_type=client_credentials&client_id=\(clientId)&client_secret=\(secret)".utf8),
                                        clientAddress: address))
        }
        for i in 0..<300 {
            let r = tokenRequest("stranger-\(i)-" + String(repeating: "x", count: 200), "wrong", from: "10.0.\(i / 250).\(i % 250)")
            #expect(r.status == 401 || r.status == 429)
        }
        #expect(routes.clientThrottle.withLock { $0.count } == 0, "unknown client ids were remembered")
        #expect(routes.addressThrottle.withLock { $0.count } == 300)

        let refused = tokenRequest(h.clientId, "wrong", from: "10.9.9.9")
        #expect(refused.status == 401)
        #expect(routes.clientThrottle.withLock { $0.count } == 1)
        let tooLong = tokenRequest(String(repeating: "y", count: 257), "wrong", from: "10.9.9.10")
        #expect(tooLong.status == 400)
        #expect(routes.addressThrottle.withLock { $0.count } == 301, "a refused-before-lookup request was remembered")
    }
}
