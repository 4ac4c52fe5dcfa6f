import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
import CourseBridgeStore
import Foundation
import GRDB
import Testing

/// Learner Ann and LinkedIn course 1, the launch gate over them, and links signed with the installation's key.
private struct LaunchFixture {
    let f: StatsFixture
    let gate: LaunchGate
    let courseId: Int64
    let signer: LaunchSigner

    init(limits: LaunchLimits = LaunchLimits(), launchURL: String = "https://www.linkedin.com/learning/swift") throws {
        f = try StatsFixture(provider: .linkedin)
        try f.addUser("ann@acme.example")
        courseId = try f.addCourse("urn:li:lyndaCourse:252", launchURL: launchURL)
        let clock = f.clock
        gate = LaunchGate(store: f.store, limits: limits, now: { clock.now })
        signer = LaunchSigner(key: try f.store.launchKey())
    }

    var inFiveMinutes: Int64 { Int64(f.clock.now.timeIntervalSince1970) + 300 }

    /// The query of a correctly signed link.
    func signed(courseId: Int64? = nil, user: String = "ann@acme.example", expires: Int64? = nil) -> [String: String] {
        let claim = LaunchClaim(courseId: courseId ?? self.courseId, userEmail: user, expires: expires ?? inFiveMinutes)
        return ["user": user, "expires": String(claim.expires), "sig": signer.signature(claim)]
    }

    /// Everything a launch could write.
    func written() throws -> [Int] {
        try f.store.read { db in
            try ["launch", "attempt", "statement"].map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1 }
        }
    }
}

@Suite struct LaunchAuthorizationTests {
    @Test("unsigned, forged, tampered and expired links change nothing and get one answer, whether the learner and course exist or not")
    func invalidLinksAreRefusedAlike() throws {
        let x = try LaunchFixture()
        let existing = x.courseId
        let expired = Int64(x.f.clock.now.timeIntervalSince1970) - 1
        let forgedSig = String(repeating: "ab", count: 32)
        var cases: [(String, String, [String: String])] = []
        for (course, user) in [(existing, "ann@acme.example"), (existing, "nobody@acme.example"), (Int64(999), "ann@acme.example"),
                               (Int64(999), "nobody@acme.example")] {
            let valid = x.signed(courseId: course, user: user)
            cases += [
                ("unsigned", "\(course)", ["user": user]),
                ("unsigned with expiry", "\(course)", ["user": user, "expires": valid["expires"]!]),
                ("forged signature", "\(course)", ["user": user, "expires": valid["expires"]!, "sig": forgedSig]),
                ("short signature", "\(course)", ["user": user, "expires": valid["expires"]!, "sig": "ab"]),
                ("not hex", "\(course)", ["user": user, "expires": valid["expires"]!, "sig": String(repeating: "zz", count: 32)]),
                ("expired", "\(course)", x.signed(courseId: course, user: user, expires: expired)),
                ("expiry pushed later", "\(course)", valid.merging(["expires": String(x.inFiveMinutes + 3_600)]) { $1 }),
                ("another course", "\(course + 1)", valid),
                ("another learner", "\(course)", valid.merging(["user": "eve@acme.example"]) { $1 }),
                ("a path added", "\(course)", valid.merging(["path": "1"]) { $1 }),
                ("not a course id", "abc", valid),
            ]
        }
        // Signed by another installation.
        let other = LaunchSigner(key: Data(repeating: 7, count: 32))
        let claim = LaunchClaim(courseId: existing, userEmail: "ann@acme.example", expires: x.inFiveMinutes)
        cases.append(("another installation's key", "\(existing)",
                      ["user": "ann@acme.example", "expires": String(claim.expires), "sig": other.signature(claim)]))

        let before = try x.written()
        for (name, course, query) in cases {
            // A fresh source for each case: this test is about signatures, not the rate limit.
            #expect(x.gate.launch(courseId: course, query: query, source: "10.0.0.\(name.count)-\(course)-\(query["user"] ?? "")") == .refused, "\(name) \(course) \(query)")
        }
        #expect(try x.written() == before)
        #expect(try x.f.attempts("ann@acme.example", courseId: existing).isEmpty)
    }

    @Test("a valid link records the launch, leaves the LinkedIn attempt in progress at 1% and redirects to the provider")
    func validLinkLaunches() throws {
        let x = try LaunchFixture()
        #expect(x.gate.launch(courseId: "\(x.courseId)", query: x.signed(user: "ANN@acme.example"), source: "10.0.0.1")
            == .redirect(url: "https://www.linkedin.com/learning/swift"))
        #expect(try x.f.attempts("ann@acme.example", courseId: x.courseId).map(Seen.init) == [Seen(.inProgress, 1)])
        let ann = try x.f.store.user(email: "ann@acme.example")
        #expect(try x.f.store.launches(userId: ann.id!, courseId: x.courseId).count == 1)
    }

    @Test("a valid link stops working once it has expired")
    func linkExpires() throws {
        let x = try LaunchFixture()
        let query = x.signed()
        x.f.clock.now = x.f.clock.now.addingTimeInterval(301)
        #expect(x.gate.launch(courseId: "\(x.courseId)", query: query, source: "10.0.0.1") == .refused)
        #expect(try x.written() == [0, 0, 0])
    }

    @Test("a signed link for a learner or course that is gone says so without a title or URL, and records nothing")
    func goneIsNotAnOracle() throws {
        let x = try LaunchFixture()
        let unknownUser = x.gate.launch(courseId: "\(x.courseId)", query: x.signed(user: "nobody@acme.example"), source: "a")
        let unknownCourse = x.gate.launch(courseId: "999", query: x.signed(courseId: 999), source: "b")
        #expect(unknownUser == .unavailable(LaunchGate.gone))
        #expect(unknownCourse == unknownUser)
        #expect(try x.written() == [0, 0, 0])
    }

    @Test("a provider launch URL that is not http(s) is never a redirect", arguments: [
        "javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "//evil.example/x", "https://", "https://ok.example/a\nb",
    ])
    func onlyWebLinksAreFollowed(url: String) throws {
        let x = try LaunchFixture(launchURL: url)
        guard case .unavailable = x.gate.launch(courseId: "\(x.courseId)", query: x.signed(), source: "10.0.0.1") else {
            Issue.record("\(url) was not refused")
            return
        }
        #expect(try x.written() == [0, 0, 0])
    }

    @Test("launches are rate-limited per source address and per learner, then allowed again in the next window")
    func rateLimited() throws {
        let x = try LaunchFixture(limits: LaunchLimits(perSource: 3, perUser: 5, window: 60))
        let course = "\(x.courseId)"
        for _ in 0..<3 { #expect(x.gate.launch(courseId: course, query: x.signed(), source: "10.0.0.1") == .redirect(url: "https://www.linkedin.com/learning/swift")) }
        #expect(x.gate.launch(courseId: course, query: x.signed(), source: "10.0.0.1") == .rateLimited(retryAfter: 60))
        // Bad links from a flooding address count too, and get 429 rather than the refusal.
        #expect(x.gate.launch(courseId: course, query: [:], source: "10.0.0.1") == .rateLimited(retryAfter: 60))
        // The same learner from other addresses: 5 per window in all.
        #expect(x.gate.launch(courseId: course, query: x.signed(), source: "10.0.0.2") == .redirect(url: "https://www.linkedin.com/learning/swift"))
        #expect(x.gate.launch(courseId: course, query: x.signed(), source: "10.0.0.3") == .redirect(url: "https://www.linkedin.com/learning/swift"))
        #expect(x.gate.launch(courseId: course, query: x.signed(), source: "10.0.0.4") == .rateLimited(retryAfter: 60))
        let ann = try x.f.store.user(email: "ann@acme.example")
        #expect(try x.f.store.launches(userId: ann.id!, courseId: x.courseId).count == 5)
        x.f.clock.now = x.f.clock.now.addingTimeInterval(61)
        #expect(x.gate.launch(courseId: course, query: x.signed(), source: "10.0.0.1") == .redirect(url: "https://www.linkedin.com/learning/swift"))
    }

    @Test("the rate limiter remembers a bounded number of addresses under a flood")
    func limiterIsBounded() {
        var limiter = LaunchRateLimiter(capacity: 100, window: 60)
        let now = Date(timeIntervalSince1970: 0)
        for i in 0..<10_000 { _ = limiter.allow("source\u{0}10.\(i)" + String(repeating: "x", count: 5_000), limit: 30, now: now) }
        #expect(limiter.count <= 100)
    }

    @Test("the launch key is made once and kept: links signed before a restart still work")
    func keyIsKept() throws {
        let path = NSTemporaryDirectory() + "cb-launch-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm", ".key"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let first = try Store.open(path: path).launchKey()
        #expect(first.count == 32)
        #expect(try Store.open(path: path).launchKey() == first)
        let raw = try Store.open(path: path).read { db in try Data.fetchOne(db, sql: "SELECT key_sealed FROM launch_key") }
        #expect(raw != nil && raw != first, "the key is stored sealed")
        // Under another secret key the old launch key cannot be opened: a new one replaces it (only unfollowed
        // links die) and is kept from then on.
        let other = SecretBox.ephemeral()
        let replaced = try Store.open(path: path, secrets: other).launchKey()
        #expect(replaced != first && replaced.count == 32)
        #expect(try Store.open(path: path, secrets: other).launchKey() == replaced)
    }
}
