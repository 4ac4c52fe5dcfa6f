import Foundation

/// The address a request counts against (failure throttle, logs). A forwarded address
/// (`X-Forwarded-For`, `Forwarded: for=`) is believed only when the socket peer is one of the
/// proxies named with `serve --trusted-proxy`; anyone else could write any address there.
public enum ClientAddress {
    /// - Parameters:
    ///   - peer: the socket peer's IP address.
    ///   - headers: lower-case header names.
    ///   - trustedProxies: IP addresses of the reverse proxies in front of the server.
    public static func resolve(peer: String, headers: [String: String], trustedProxies: Set<String>) -> String {
        guard !trustedProxies.isEmpty, let peerIP = canonical(peer), trustedProxies.contains(peerIP) else { return peer }
        // The right-most hop the trusted proxies did not add is the client; every hop left of it was written by
        // the client itself.
        let hops: [String]
        if let forwarded = headers["x-forwarded-for"] {
            hops = forwarded.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        } else if let forwarded = headers["forwarded"] {
            hops = forwardedFor(forwarded)
        } else {
            return peer
        }
        for hop in hops.reversed() {
            guard let ip = canonical(hop) else { return peer }     // garbage: fall back to what the socket says
            if !trustedProxies.contains(ip) { return ip }
        }
        return peer
    }

    /// The `for=` values of an RFC 7239 `Forwarded` header, in order: `for=192.0.2.1`, `for="[2001:db8::1]:4711"`.
    static func forwardedFor(_ header: String) -> [String] {
        var out: [String] = []
        for element in header.split(separator: ",") {
            for pair in element.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == "for" else { continue }
                var value = kv[1].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                if value.hasPrefix("["), let close = value.firstIndex(of: "]") {
                    value = String(value[value.index(after: value.startIndex)..<close])
                } else if value.filter({ $0 == ":" }).count == 1, let colon = value.firstIndex(of: ":") {
                    value = String(value[..<colon])     // IPv4 with a port
                }
                out.append(value)
            }
        }
        return out
    }

    /// The address in its canonical text form, or nil when it is not an IPv4 or IPv6 address.
    public static func canonical(_ text: String) -> String? {
        guard text.utf8.count <= 64 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            guard inet_ntop(AF_INET, &v4, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }
        return nil
    }
}
