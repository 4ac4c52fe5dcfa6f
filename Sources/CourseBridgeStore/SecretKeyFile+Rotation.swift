import CourseBridgeData
import Foundation

extension SecretKeyFile {
    /// Finishes a key rotation killed between writing `<key>.new` and renaming it, the same way on every backend:
    /// the fingerprint the database records says which key its secrets are sealed with. The new key (committed) is
    /// moved into place; an old rotation's leftover (not committed) is removed; anything else is refused, since
    /// guessing could lose every sealed secret. Call it under the lock a rotation holds until it commits.
    public static func finishRotation(pendingPath: String, keyPath: String, recordedFingerprint recorded: String?,
                                      sealedSecretCount: () throws -> Int) throws {
        let pending = try read(at: pendingPath)
        let current = try? read(at: keyPath)
        if let pending, pending.fingerprint == recorded {
            try move(pendingPath, to: keyPath)
        } else if let current, current.fingerprint == recorded {
            remove(pendingPath)
        } else if recorded == nil, try sealedSecretCount() == 0 {
            remove(pendingPath)
        } else {
            throw StoreError.badKey("an interrupted key rotation left \(pendingPath), and neither it nor \(keyPath) is the key "
                + "this database's secrets are sealed with (fingerprint \(recorded ?? "unknown")); restore the right key file")
        }
    }
}
