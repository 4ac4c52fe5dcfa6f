import Crypto
import Foundation

/// Webhook secrets and access tokens as both stores keep them: random, compared in constant time, stored only as
/// their SHA-256. One implementation for SQLite and PostgreSQL, so a migrated database's hashes match.
public enum TokenDigest {
    /// `bytes` random bytes as lowercase hex, or as URL-safe base64 without padding.
    public static func random(bytes: Int, hex: Bool) -> String {
        let data = SymmetricKey(size: SymmetricKeySize(bitCount: bytes * 8)).withUnsafeBytes { Data($0) }
        if hex { return hexDigits(data) }
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The SHA-256 of `token` in lowercase hex: what is stored, and what every statement request looks up
    /// (`String(format:)` per byte cost more there than the query).
    public static func sha256Hex(_ token: String) -> String {
        hexDigits(SHA256.hash(data: Data(token.utf8)))
    }

    /// Whether `secret`'s SHA-256 is `storedHash`, compared in constant time; with no stored hash the same
    /// comparison is made (against a filler) and fails, so a client without a secret takes as long as a wrong one.
    public static func matches(secret: String, storedHash: String?) -> Bool {
        let presented = sha256Hex(secret)
        let matches = constantTimeEqual(presented, storedHash ?? String(repeating: "x", count: presented.count))
        return matches && storedHash != nil
    }

    /// Comparison whose time does not depend on where the strings differ.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<min(x.count, y.count) { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    static func hexDigits<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in bytes {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
