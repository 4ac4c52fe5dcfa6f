import Testing
@testable import CourseBridgeStore

/// Both stores keep secrets and tokens as these digests: a change would lock out every issued token and secret.
struct TokenDigestTests {
    @Test(arguments: [
        // FIPS 180-2's examples, and an access token's shape (`sha256sum`).
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("q0Tz-Kp_3v", "73a065afa223c3335d8ba5bb8d1853d13ce4e32d5fd6f61e305d542019dc68e7"),
    ])
    func sha256IsLowercaseHex(_ token: String, _ hex: String) {
        #expect(TokenDigest.sha256Hex(token) == hex)
    }

    @Test func randomTokensHaveTheirShapes() {
        let hex = TokenDigest.random(bytes: 6, hex: true)
        #expect(hex.count == 12 && hex.allSatisfy { "0123456789abcdef".contains($0) })
        let token = TokenDigest.random(bytes: 32, hex: false)
        #expect(token.count == 43 && !token.contains { "+/=".contains($0) })
        #expect(TokenDigest.random(bytes: 32, hex: false) != token)
    }

    @Test func aSecretMatchesOnlyItsOwnStoredHash() {
        let stored = TokenDigest.sha256Hex("the-secret")
        #expect(TokenDigest.matches(secret: "the-secret", storedHash: stored))
        #expect(!TokenDigest.matches(secret: "the-secret ", storedHash: stored))
        #expect(!TokenDigest.matches(secret: "the-secret", storedHash: nil), "no stored secret matches nothing")
        #expect(!TokenDigest.matches(secret: "", storedHash: nil))
    }

    @Test func constantTimeComparison() {
        #expect(TokenDigest.constantTimeEqual("abc", "abc"))
        #expect(!TokenDigest.constantTimeEqual("abc", "abd"))
        #expect(!TokenDigest.constantTimeEqual("abc", "abcd"))
    }
}
