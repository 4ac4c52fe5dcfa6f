import CourseBridgeCore
import Crypto
import Foundation

/// Seals provider credentials and webhook secrets with AES-GCM before they reach the database.
/// The key comes from `COURSEBRIDGE_SECRET_KEY` (base64, 32 bytes) or from a 0600 key file beside the database.
public struct SecretBox: Sendable {
    public static let environmentVariable = "COURSEBRIDGE_SECRET_KEY"
    private let key: SymmetricKey

    public init(key: SymmetricKey) { self.key = key }

    /// A fresh random key: for in-memory databases and tests.
    public static func ephemeral() -> SecretBox { SecretBox(key: SymmetricKey(size: .bits256)) }

    /// The key for a database file: the environment variable wins, else `<db>.key`, created on first use.
    public static func forDatabase(at path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) -> SecretBox {
        if let encoded = environment[environmentVariable] {
            guard let data = Data(base64Encoded: encoded.trimmed), data.count == 32 else {
                throw .badKey("\(environmentVariable) must be 32 bytes in base64 (try: head -c32 /dev/urandom | base64)")
            }
            return SecretBox(key: SymmetricKey(data: data))
        }
        let keyPath = path + ".key"
        if let data = FileManager.default.contents(atPath: keyPath) {
            guard let decoded = Data(base64Encoded: String(decoding: data, as: UTF8.self).trimmed),
                  decoded.count == 32 else {
                throw .badKey("the key file \(keyPath) is damaged; restore it from backup (sealed secrets cannot be read without it)")
            }
            return SecretBox(key: SymmetricKey(data: decoded))
        }
        let key = SymmetricKey(size: .bits256)
        let encoded = key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        try FileCreation.createPrivateFile(at: keyPath, contents: Data(encoded.utf8))
        return SecretBox(key: key)
    }

    public func seal(_ plaintext: Data) throws(StoreError) -> Data {
        do {
            guard let combined = try AES.GCM.seal(plaintext, using: key).combined else { throw StoreError.sealing }
            return combined
        } catch { throw .sealing }
    }

    public func open(_ sealed: Data) throws(StoreError) -> Data {
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key)
        } catch {
            throw .badKey("a stored secret cannot be decrypted with this key: was the database moved without its .key file, or \(Self.environmentVariable) changed?")
        }
    }

    func sealJSON(_ values: [String: String]) throws(StoreError) -> Data {
        let data = (try? JSONEncoder().encode(values)) ?? Data()
        return try seal(data)
    }

    func openJSON(_ sealed: Data) throws(StoreError) -> [String: String] {
        let data = try open(sealed)
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
