import CourseBridgeCore
import CourseBridgeData
import Crypto
import Foundation

/// Seals provider credentials with AES-GCM before they reach the database.
/// The key comes from `COURSEBRIDGE_SECRET_KEY` (base64, 32 bytes) or from a 0600 key file beside the database
/// (`SecretKeyFile`, resolved by `Store.open`).
///
/// Every value is bound to its place: the row and column it belongs to is the AES-GCM associated data
/// (`integration:7:credentials`), so a ciphertext copied to another row or column does not open.
/// Format: `cb2:` + nonce + ciphertext + tag. Values written before binding existed have no prefix; `Store.open`
/// re-seals them in the new format on the first open with the key (`Store+SecretKey.swift`).
public struct SecretBox: Sendable {
    public static let environmentVariable = "COURSEBRIDGE_SECRET_KEY"
    static let formatPrefix = Data("cb2:".utf8)
    let key: SymmetricKey

    public init(key: SymmetricKey) { self.key = key }

    /// A fresh random key: for in-memory databases and tests.
    public static func ephemeral() -> SecretBox { SecretBox(key: SymmetricKey(size: .bits256)) }

    /// The key from `COURSEBRIDGE_SECRET_KEY`, nil when the variable is unset.
    public static func fromEnvironment(_ environment: [String: String]) throws(StoreError) -> SecretBox? {
        guard let encoded = environment[environmentVariable] else { return nil }
        guard let data = Data(base64Encoded: encoded.trimmed), data.count == 32 else {
            throw .badKey("\(environmentVariable) must be 32 bytes in base64 (try: head -c32 /dev/urandom | base64)")
        }
        return SecretBox(key: SymmetricKey(data: data))
    }

    /// A public name for the key: the first 8 bytes of HMAC-SHA256(key, constant), in hex. It tells keys apart
    /// (the database records the one its secrets are sealed with) and reveals nothing about the key.
    public var fingerprint: String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("coursebridge key fingerprint".utf8), using: key)
        return Data(mac).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// The key as written in a key file: base64 and a newline.
    var fileContents: Data {
        Data((key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n").utf8)
    }

    public func seal(_ plaintext: Data, boundTo context: String) throws(StoreError) -> Data {
        do {
            let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8))
            guard let combined = box.combined else { throw StoreError.sealing }
            return Self.formatPrefix + combined
        } catch { throw .sealing }
    }

    public func open(_ sealed: Data, boundTo context: String) throws(StoreError) -> Data {
        guard Self.isBound(sealed) else {
            throw .badKey("the secret of \(context) is in the old unbound format, which is no longer accepted; set it again")
        }
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed.dropFirst(Self.formatPrefix.count)), using: key,
                                    authenticating: Data(context.utf8))
        } catch {
            throw .badKey("the secret of \(context) does not open with this database's key: it was sealed for another row or column (copied?) or under another key; set it again")
        }
    }

    /// Whether a value is in the bound format (else it predates binding).
    static func isBound(_ sealed: Data) -> Bool { sealed.starts(with: formatPrefix) }

    /// Opens a value sealed before binding existed (no prefix, no associated data): only to re-seal it.
    func openUnbound(_ sealed: Data) throws(StoreError) -> Data {
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key)
        } catch {
            throw .badKey("a stored secret cannot be decrypted with this key: was the database moved without its .key file, or \(Self.environmentVariable) changed?")
        }
    }

    func sealJSON(_ values: [String: String], boundTo context: String) throws(StoreError) -> Data {
        let data = (try? JSONEncoder().encode(values)) ?? Data()
        return try seal(data, boundTo: context)
    }

    func openJSON(_ sealed: Data, boundTo context: String) throws(StoreError) -> [String: String] {
        let data = try open(sealed, boundTo: context)
        guard let values = try? JSONDecoder().decode([String: String].self, from: data) else { throw .sealing }
        return values
    }
}

/// Files holding learner data or keys are readable by their owner only.
enum FileCreation {
    static func createPrivateFile(at path: String, contents: Data = Data()) throws(StoreError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            let code = errno
            if code == EEXIST { return }
            if code == EACCES || code == EROFS || code == EPERM { throw .readOnly(path: path) }
            throw .cannotOpen(path: path, reason: String(cString: strerror(code)))
        }
        defer { close(fd) }
        let written = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == contents.count else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
    }
}
