import CourseBridgeCore
import Foundation

/// The platform's data, whatever holds it. Everything outside the store modules reads and writes through this
/// interface; the SQLite store (`CourseBridgeStore`) implements it, and a second backend implements the same
/// protocols and passes the same store tests. Calls are synchronous and may block: callers run them on Dispatch
/// queues, never on an event loop. Policy (who may do what, which tags a course gets) is the engine's, not the store's.
public protocol DataStore: PlatformStore, CatalogStore, StatisticsStore, RunStore, SecretKeyStore, Sendable {
    /// Where the data lives, for messages ("/srv/cb.sqlite", "postgres://cb@db:5432/cb").
    var location: String { get }
    /// Whether a read waits on another process (a database server across a socket) rather than a local file:
    /// the server moves such reads off Swift's cooperative threads, one per core, which a wait would hold.
    var readsWaitOnNetwork: Bool { get }
}

extension DataStore {
    public var readsWaitOnNetwork: Bool { false }
}

/// The encryption key that seals credentials at rest.
public protocol SecretKeyStore: Sendable {
    /// Re-seals every secret under a new key in one transaction (`coursebridge key rotate`).
    func rotateKey(environment: [String: String], pauseAfterEachValue: Double) throws(StoreError) -> (resealed: Int, fingerprint: String)
    func keyStatus(environment: [String: String]) throws(StoreError) -> SecretKeyStatus
}

extension SecretKeyStore {
    public func rotateKey(environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError)
        -> (resealed: Int, fingerprint: String) {
        try rotateKey(environment: environment, pauseAfterEachValue: 0)
    }
    public func keyStatus() throws(StoreError) -> SecretKeyStatus { try keyStatus(environment: ProcessInfo.processInfo.environment) }
}
