import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to the server for what curl cannot do: stalling, dripping, counting closes.
final class RawSocket {
    let fd: Int32

    init(port: UInt16, host: String = "127.0.0.1") throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr(host)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw HarnessError("connect() failed: \(errno)")
        }
    }

    deinit { close(fd) }

    /// False once the server closed its side (the write fails).
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Everything the server sends until it closes the connection or `timeout` passes: (text, closed, seconds).
    func readUntilClosed(timeout: TimeInterval) -> (text: String, closed: Bool, seconds: TimeInterval) {
        let started = Date()
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let left = timeout - Date().timeIntervalSince(started)
            if left <= 0 { return (String(decoding: data, as: UTF8.self), false, Date().timeIntervalSince(started)) }
            var tv = timeval()
            tv.tv_sec = .init(Int(left))
            tv.tv_usec = .init(Int((left - Double(Int(left))) * 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { data.append(contentsOf: buffer[0..<n]); continue }
            if n == 0 || errno == ECONNRESET { return (String(decoding: data, as: UTF8.self), true, Date().timeIntervalSince(started)) }
            if errno == EAGAIN || errno == EWOULDBLOCK { continue }
            return (String(decoding: data, as: UTF8.self), true, Date().timeIntervalSince(started))
        }
    }
}
