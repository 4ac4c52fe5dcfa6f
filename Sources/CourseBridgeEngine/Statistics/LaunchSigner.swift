import CourseBridgeCore
import Crypto
import Foundation

/// What a launch link names: the course, the learner, the path it was started from, and until when it works.
public struct LaunchClaim: Sendable, Equatable {
    public var courseId: Int64
    public var userEmail: String
    public var pathId: Int64?
    /// Unix seconds after which the link is refused.
    public var expires: Int64

    public init(courseId: Int64, userEmail: String, pathId: Int64? = nil, expires: Int64) {
        self.courseId = courseId
        self.userEmail = userEmail
        self.pathId = pathId
        self.expires = expires
    }

    /// The signed bytes. Emails match case-insensitively, so the signature covers the lower-cased, trimmed form.
    var message: Data {
        Data("coursebridge-launch-v1\n\(courseId)\n\(userEmail.trimmed.lowercased())\n\(pathId.map(String.init) ?? "")\n\(expires)".utf8)
    }
}

/// Signs and checks launch links with the installation's launch key (HMAC-SHA256). The learning platform hands
/// the learner `/launch/{courseId}?user=EMAIL&expires=UNIX&sig=HEX`; nobody without the key can make one.
public struct LaunchSigner: Sendable {
    let key: SymmetricKey

    public init(key: Data) {
        precondition(key.count >= 32, "a launch key is 32 random bytes")
        self.key = SymmetricKey(data: key)
    }

    /// The signature as lower-case hex.
    public func signature(_ claim: LaunchClaim) -> String {
        HMAC<SHA256>.authenticationCode(for: claim.message, using: key).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` (hex) was made with this key for exactly this claim; compared in constant time.
    public func isValid(_ claim: LaunchClaim, signature: String) -> Bool {
        guard let code = Self.bytes(hex: signature), code.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: claim.message, using: key)
    }

    /// The path and query of the link, to append to the server's public base URL.
    public func linkPath(_ claim: LaunchClaim) -> String {
        var items = [URLQueryItem(name: "user", value: claim.userEmail.trimmed)]
        if let pathId = claim.pathId { items.append(URLQueryItem(name: "path", value: String(pathId))) }
        items += [URLQueryItem(name: "expires", value: String(claim.expires)), URLQueryItem(name: "sig", value: signature(claim))]
        var components = URLComponents()
        components.path = "/launch/\(claim.courseId)"
        components.queryItems = items
        // URLComponents leaves `+` and `@` as they are; a `+` in an email would read back as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.string ?? components.path
    }

    static func bytes(hex: String) -> Data? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0, digits.count <= 128 else { return nil }
        var out = Data(capacity: digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
