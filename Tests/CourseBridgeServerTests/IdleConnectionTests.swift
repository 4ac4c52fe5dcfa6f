import Foundation
import Testing

/// A sender that opens a connection and stalls mid-request (slowloris) is dropped after `--idle-timeout`.
@Suite(.serialized)
struct IdleConnectionTests {
    @Test func aStalledRequestIsClosedAfterTheIdleTimeout() throws {
        let h = ServeHarness()
        try h.seed()
        try h.start(extra: ["--idle-timeout", "1"])
        defer { _ = h.terminate() }
        let port = try #require(h.baseURL.split(separator: ":").last.flatMap { UInt16($0) })

        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        let head = "POST /api/linkedinlearning/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{\"actor\":"
        _ = head.withCString { send(fd, $0, strlen($0), 0) }

        // Then silence: the server must close the connection by itself, well before our 6 s limit.
        var timeout = timeval(tv_sec: 6, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let started = Date()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var received = 1
        while received > 0 { received = recv(fd, &buffer, buffer.count, 0) }
        let waited = Date().timeIntervalSince(started)
        #expect(received == 0 || errno == ECONNRESET, "the connection is still open after \(waited) s")
        #expect(waited < 5, "closed after \(waited) s")
        // The server itself is fine.
        #expect(try h.http("GET", "/health").status == 200)
    }
}
