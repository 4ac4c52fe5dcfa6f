import Foundation
import Testing

/// What a client that never authenticates can make the server hold (security review H2, M4): per-route body
/// limits, the bearer token checked before a statements body is read, a deadline per request, a connection cap.
@Suite(.serialized)
struct RequestLimitsTests {
    let tokenPath = "/api/linkedinlearning/oauth2/token"
    let formHeaders = ["Content-Type": "application/x-www-form-urlencoded"]

    @Test("the token endpoint takes a few KB and refuses client ids over 256 bytes; statements keep --body-limit")
    func bodyLimitsPerRoute() throws {
        let h = ServeHarness()
        try h.seed()
        try h.start()
        defer { _ = h.terminate() }

        let huge = try h.http("POST", tokenPath, headers: formHeaders,
                              body: "grant_type=client_credentials&client_secret=x&client_id=" + String(repeating: "a", count: 100_000))
        #expect(huge.status == 413)
        #expect(huge.object["error"] as? String == "payload_too_large")

        let long = try h.http("POST", tokenPath, headers: formHeaders,
                              body: "grant_type=client_credentials&client_secret=x&client_id=" + String(repeating: "a", count: 257))
        #expect(long.status == 400)
        #expect(long.object["error"] as? String == "invalid_client")
        #expect((long.object["error_description"] as? String)?.contains("256") == true, "\(long.body)")

        // Statements still take large batches (the default limit is 4 MiB).
        let token = try h.token()
        let batch = "[" + Array(repeating: linkedInStatement(), count: 200).joined(separator: ",") + "]"
        #expect(batch.utf8.count > 8 << 10)
        #expect(try h.post(batch, token: token).status == 200)
    }

    @Test("a statements request without a valid token is refused before its body is sent, and the connection closed")
    func authorizationBeforeBody() throws {
        let h = ServeHarness()
        try h.seed()
        try h.start()
        defer { _ = h.terminate() }

        for authorization in ["", "Authorization: Bearer forged-token\r\n"] {
            let socket = try RawSocket(port: h.port)
            socket.send("POST /api/linkedinlearning/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\(authorization)X-Experience-API-Version: 1.0.3\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 4000000\r\n\r\n[")
            // No more of the body comes: the answer must not wait for it.
            let reply = socket.readUntilClosed(timeout: 5)
            #expect(reply.text.hasPrefix("HTTP/1.1 401"), "\(reply.text.prefix(200))")
            #expect(reply.closed, "the connection stays open after the refusal")
            #expect(reply.seconds < 3)
        }
        #expect(try h.http("GET", "/health").status == 200)
    }

    @Test("a body dripped one byte a second is dropped at --request-timeout although the connection is never idle")
    func dripFedBodyIsDropped() throws {
        let h = ServeHarness()
        try h.seed()
        try h.start(extra: ["--request-timeout", "2", "--idle-timeout", "30"])
        defer { _ = h.terminate() }

        let socket = try RawSocket(port: h.port)
        socket.send("POST \(tokenPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000\r\n\r\n")
        let started = Date()
        var stillOpen = true
        while stillOpen, Date().timeIntervalSince(started) < 8 {
            usleep(400_000)
            stillOpen = socket.send("a")
        }
        let closedAfter = Date().timeIntervalSince(started)
        #expect(!stillOpen, "the dripping sender was still connected after \(closedAfter) s")
        #expect(closedAfter < 5, "dropped after \(closedAfter) s")

        // Dripped headers are dropped too.
        let headers = try RawSocket(port: h.port)
        let t0 = Date()
        var open = true
        for byte in "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".map(String.init) where open {
            usleep(200_000)
            open = headers.send(byte)
            if Date().timeIntervalSince(t0) > 8 { break }
        }
        #expect(!open, "dripped headers kept the connection open")
        #expect(try h.http("GET", "/health").status == 200)
    }

    @Test("connections beyond --max-connections are closed at once; a slot frees when one closes")
    func connectionCap() throws {
        let h = ServeHarness()
        try h.seed()
        try h.start(extra: ["--max-connections", "3"])
        defer { _ = h.terminate() }

        var held = try (0..<3).map { _ in try RawSocket(port: h.port) }
        usleep(300_000)
        let extra = try RawSocket(port: h.port)
        let refused = extra.readUntilClosed(timeout: 3)
        #expect(refused.closed, "a fourth connection was kept open")
        #expect(refused.seconds < 2)

        held.removeLast()      // closes one
        usleep(300_000)
        #expect(try h.http("GET", "/health").status == 200)
        _ = held
    }

    @Test("POST /bench/noop exists only with --bench-endpoints")
    func benchEndpointIsOffByDefault() throws {
        let h = ServeHarness()
        try h.seed()
        try h.start()
        #expect(try h.http("POST", "/bench/noop", body: "{}").status == 404)
        _ = h.terminate()
        try h.start(extra: ["--bench-endpoints"])
        #expect(try h.http("POST", "/bench/noop", body: "{}").status == 200)
        _ = h.terminate()
    }
}
