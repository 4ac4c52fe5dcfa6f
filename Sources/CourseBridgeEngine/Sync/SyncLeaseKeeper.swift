import CourseBridgeCore
import CourseBridgeData
import CourseBridgeProviders
import Dispatch
import Foundation

/// Holds an integration's sync lease while a run goes on: renews it every third of its length, and cancels the run
/// (before it archives anything) the moment the lease is lost — another instance then owns the integration's sync.
public final class SyncLeaseKeeper: @unchecked Sendable {  // `lost` is written on the timer's queue, read after `stop()`
    private let store: any DataStore
    private let integrationId: Int64
    private let holder: String
    private let seconds: Double
    private let timer: DispatchSourceTimer
    private(set) var lost = false

    init(store: any DataStore, integrationId: Int64, holder: String, seconds: Double, cancellation: CancellationFlag) {
        (self.store, self.integrationId, self.holder, self.seconds) = (store, integrationId, holder, seconds)
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "coursebridge.sync.lease"))
        timer.schedule(deadline: .now() + seconds / 3, repeating: seconds / 3)
        timer.setEventHandler { [self] in
            let renewed = (try? store.acquireSyncLease(integrationId: integrationId, holder: holder, seconds: seconds)) ?? false
            if !renewed {
                lost = true
                cancellation.cancel()
            }
        }
        timer.resume()
    }

    /// Stops renewing and gives the lease up.
    func stop() {
        timer.cancel()
        try? store.releaseSyncLease(integrationId: integrationId, holder: holder)
    }

    /// This process's name in leases: host and pid, so a restarted process can tell its dead predecessor's leases.
    public static func holderName() -> String { "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)" }

    /// Leases held by processes of this host that no longer exist (killed): released, so their runs can be
    /// marked interrupted and taken over at once rather than when the lease expires.
    @discardableResult
    public static func releaseDeadLocalLeases(store: any DataStore) -> Int {
        let host = ProcessInfo.processInfo.hostName
        var released = 0
        for lease in (try? store.syncLeases()) ?? [] {
            let parts = lease.holder.split(separator: ":")
            guard parts.count == 2, String(parts[0]) == host, let pid = Int32(parts[1]),
                  pid != ProcessInfo.processInfo.processIdentifier, kill(pid, 0) != 0, errno == ESRCH else { continue }
            if (try? store.releaseSyncLease(integrationId: lease.integrationId, holder: lease.holder)) != nil { released += 1 }
        }
        return released
    }
}
