import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on a loopback address for tests that need exact bytes on the wire
/// (a gzip bomb, a lying Content-Length, hostile links): one request per connection, answered by
/// `respond` with the raw response bytes; every request head it receives is recorded.
final class LoopbackServer: @unchecked Sendable {
    // @unchecked: `heads` is only touched under `lock`; the socket is closed once, by the accept loop after `stop`.
    private let lock = NSLock()
    private var heads: [String] = []
    private let listener: Int32
    let host: String
    let port: Int
    private let respond: @Sendable (_ head: String, _ port: Int) -> Data

    /// Binds `host` (any 127.x.y.z) on a free port and starts serving on a background thread.
    init(host: String = "127.0.0.1", respond: @escaping @Sendable (_ head: String, _ port: Int) -> Data) throws {
        self.host = host
        self.respond = respond
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr(host)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw LoopbackServerError(host: host)
        }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    var baseURL: String { "http://\(host):\(port)" }

    /// Request heads received so far (request line and header lines).
    var requests: [String] {
        lock.lock()
        defer { lock.unlock() }
        return heads
    }

    /// Wakes the accept loop, which then closes the socket itself: closing it here could hand its
    /// descriptor number to the next test's server while this loop still accepts on it.
    func stop() { shutdown(listener, Int32(SHUT_RDWR)) }

    private func serve() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                close(listener)
                return
            }
            var received = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !received.containsHeadEnd {
                let n = read(client, &buffer, buffer.count)
                if n <= 0 { break }
                received += buffer[0..<n]
            }
            // Read the body too (token requests are POSTs): closing on unread bytes would reset the connection.
            let head = String(decoding: received, as: UTF8.self)
            let declared = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            let headLength = (head.range(of: "\r\n\r\n").map { head.utf8.distance(from: head.startIndex, to: $0.upperBound) }) ?? received.count
            var bodyBytes = received.count - headLength
            while bodyBytes < declared {
                let n = read(client, &buffer, buffer.count)
                if n <= 0 { break }
                bodyBytes += n
            }
            lock.lock()
            heads.append(head)
            lock.unlock()
            let answer = respond(head, port)
            answer.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(client, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
            close(client)
        }
    }

    /// A complete response with `Connection: close`.
    static func response(status: Int = 200, headers: [(String, String)] = [], body: Data) -> Data {
        var text = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\nConnection: close\r\n"
        if !headers.contains(where: { $0.0.lowercased() == "content-length" }) { text += "Content-Length: \(body.count)\r\n" }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        return Data((text + "\r\n").utf8) + body
    }

    static func json(_ text: String) -> Data {
        response(headers: [("Content-Type", "application/json")], body: Data(text.utf8))
    }

    /// The path and query of a recorded request head.
    static func target(_ head: String) -> String {
        let line = head.split(separator: "\r\n").first ?? ""
        let parts = line.split(separator: " ")
        return parts.count > 1 ? String(parts[1]) : ""
    }
}

struct LoopbackServerError: Error, CustomStringConvertible {
    let host: String
    var description: String { "cannot listen on \(host)" }
}

private extension Array where Element == UInt8 {
    var containsHeadEnd: Bool {
        guard count >= 4 else { return false }
        for i in 0...(count - 4) where self[i] == 13 && self[i + 1] == 10 && self[i + 2] == 13 && self[i + 3] == 10 { return true }
        return false
    }
}
