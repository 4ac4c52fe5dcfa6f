import CourseBridgeCore
import CourseBridgeData
import Foundation

extension PostgresStore: SecretKeyStore {
    public func rotateKey(environment: [String: String], pauseAfterEachValue: Double) throws(StoreError) -> (resealed: Int, fingerprint: String) {
        throw StoreError.database("TODO(pg): rotateKey")
    }

    public func keyStatus(environment: [String: String]) throws(StoreError) -> SecretKeyStatus {
        throw StoreError.database("TODO(pg): keyStatus")
    }
}
