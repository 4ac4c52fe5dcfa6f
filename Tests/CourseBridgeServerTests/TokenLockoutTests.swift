import CourseBridgeData
@testable import CourseBridgeServer
import Foundation
import Testing

/// Security review M1: strangers failing on a real client id, or from the same proxy, never lock the real
/// provider out; a forwarded address counts only when it comes from a configured proxy.
@Suite(.serialized)
struct TokenLockoutTests {
    let path = "/api/linkedinlearning/oauth2/token"
    let formHeaders = ["Content-Type": "application/x-www-form-urlencoded"]

    @Test("after strangers' wrong secrets for the real client id, the right secret still gets a token every time")
    func rightSecretIsNeverThrottled() throws {
        let h = ServeHarness()
        try h.seed()
        try h.start()
        defer { _ = h.terminate() }
        var statuses: [Int] = []
        for i in 0..<12 {
            let wrong = try h.http("POST", path, headers: formHeaders,
                                   body: "grant_type=client_credentials&client_id=\(h.clientId)&client_secret=guess-\(i)")
            statuses.append(wrong.status)
            let right = try h.http("POST", path, headers: formHeaders,
                                   body: "grant_type=client_credentials&client_id=\(h.clientId)&client_secret=\(h.form(h.clientSecret))")
            #expect(right.status == 200, "attempt \(i): \(right.status) \(right.body)")
        }
        // The wrong ones are still slowed down.
        #expect(statuses.contains(429), "\(statuses)")
    }

    @Test("X-Forwarded-For is believed only from a --trusted-proxy: clients behind one proxy do not share a lockout")
    func forwardedAddressFromTrustedProxy() throws {
        let h = ServeHarness()
        try h.seed()
        try h.start(extra: ["--trusted-proxy", "127.0.0.1"])
        defer { _ = h.terminate() }
        func attempt(from address: String) throws -> Int {
            try h.http("POST", path, headers: formHeaders.merging(["X-Forwarded-For": address]) { $1 },
                       body: "grant_type=client_credentials&client_id=nobody&client_secret=wrong").status
        }
        let attacker = try (0..<8).map { _ in try attempt(from: "203.0.113.5") }
        #expect(attacker.last == 429, "\(attacker)")
        #expect(try attempt(from: "203.0.113.6") == 401, "another client behind the same proxy was locked out")
    }

    @Test("without --trusted-proxy a forged X-Forwarded-For does not escape the throttle")
    func forgedForwardedAddressIsIgnored() throws {
        let h = ServeHarness()
        try h.seed()
        try h.start()
        defer { _ = h.terminate() }
        var statuses: [Int] = []
        for i in 0..<8 {
            statuses.append(try h.http("POST", path, headers: formHeaders.merging(["X-Forwarded-For": "198.51.100.\(i)"]) { $1 },
                                       body: "grant_type=client_credentials&client_id=nobody&client_secret=wrong").status)
        }
        #expect(statuses.last == 429, "\(statuses)")
        let log = try String(contentsOfFile: h.log, encoding: .utf8)
        #expect(!log.contains("198.51.100."), "the forged address was taken as the client's")
    }

    struct AddressCase: Sendable, CustomStringConvertible {
        var peer: String
        var headers: [String: String]
        var trusted: Set<String>
        var expected: String
        var description: String { "\(peer) \(headers) trusted \(trusted)" }
    }

    @Test("client address resolution", arguments: [
        AddressCase(peer: "127.0.0.1", headers: ["x-forwarded-for": "203.0.113.5"], trusted: [], expected: "127.0.0.1"),
        AddressCase(peer: "10.0.0.2", headers: ["x-forwarded-for": "203.0.113.5"], trusted: ["127.0.0.1"], expected: "10.0.0.2"),
        AddressCase(peer: "127.0.0.1", headers: ["x-forwarded-for": "203.0.113.5"], trusted: ["127.0.0.1"], expected: "203.0.113.5"),
        // The client can write anything left of what the proxy appended: the right-most untrusted hop counts.
        AddressCase(peer: "127.0.0.1", headers: ["x-forwarded-for": "1.2.3.4, 203.0.113.5"], trusted: ["127.0.0.1"], expected: "203.0.113.5"),
        AddressCase(peer: "127.0.0.1", headers: ["x-forwarded-for": "203.0.113.5, 10.0.0.9"], trusted: ["127.0.0.1", "10.0.0.9"],
                    expected: "203.0.113.5"),
        AddressCase(peer: "127.0.0.1", headers: ["x-forwarded-for": "evil\u{1b}[2J"], trusted: ["127.0.0.1"], expected: "127.0.0.1"),
        AddressCase(peer: "127.0.0.1", headers: [:], trusted: ["127.0.0.1"], expected: "127.0.0.1"),
        AddressCase(peer: "::1", headers: ["forwarded": "for=\"[2001:db8::1]:4711\";proto=https"], trusted: ["::1"], expected: "2001:db8::1"),
        AddressCase(peer: "127.0.0.1", headers: ["forwarded": "for=192.0.2.60:8080, for=198.51.100.17"], trusted: ["127.0.0.1"],
                    expected: "198.51.100.17"),
    ])
    func clientAddress(_ c: AddressCase) {
        #expect(ClientAddress.resolve(peer: c.peer, headers: c.headers, trustedProxies: c.trusted) == c.expected)
    }
}
