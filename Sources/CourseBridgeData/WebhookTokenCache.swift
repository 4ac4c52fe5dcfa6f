import CourseBridgeCore
import Dispatch
import Foundation

/// Webhook token checks answered without a query (PostgreSQL schema v13, SQLite schema v16): the store keeps each
/// token's integration under the `webhook_token_version` it was read with, and uses it while that is still the
/// newest version it has read and that read is recent. Every change that could make a kept answer wrong (a token
/// removed, an integration changed or removed, by any instance or process) moves the version; ingestion reads it
/// with every group, so under load a change is seen within a group, and with no load the first request after a
/// pause asks again.
///
/// So a token revoked elsewhere is refused within `freshness` of the revocation's commit. On SQLite, a change the
/// store commits itself ends every kept answer at once (`invalidate`); PostgreSQL's store does not call it, so there
/// the same instance's change takes the same 25 ms as another's.
public final class WebhookTokenCache: @unchecked Sendable {  // every access under `lock`
    private struct Entry {
        let integration: Integration
        let expiresAt: Double
        let version: Int64
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    /// The version of the last read sent, and when it was sent (uptime): it includes every change committed before.
    /// -1: unknown (nothing read yet, or a change since the last read).
    private var seenVersion: Int64 = -1
    private var seenAt: UInt64 = 0
    /// How long a read of the version vouches for the answers kept under it (nanoseconds).
    private var freshnessNanoseconds: UInt64
    /// Bounds memory: past this many tokens the cache starts over.
    static let maxEntries = 10_000

    public init(freshnessMilliseconds: UInt64 = 25) {
        freshnessNanoseconds = freshnessMilliseconds * 1_000_000
    }

    /// Tests lengthen the freshness, so that only a version read, never the clock, ends an answer.
    public func setFreshness(nanoseconds: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        freshnessNanoseconds = nanoseconds
    }

    /// Now on the clock `observed(version:sentAt:)` takes: read it before sending the query.
    public static func clock() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// A query sent at `sentAt` read `version`. Of two reads, the one sent later holds: its snapshot was taken after
    /// it was sent.
    public func observed(version: Int64, sentAt: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        guard sentAt >= seenAt else { return }
        seenAt = sentAt
        seenVersion = version
    }

    /// This store committed a change that moved the version: no kept answer holds, and no read sent before now
    /// vouches for one (its snapshot may predate the change).
    public func invalidate(clock: UInt64 = clock()) {
        lock.lock()
        defer { lock.unlock() }
        entries.removeAll(keepingCapacity: true)
        seenVersion = -1
        seenAt = max(seenAt, clock)
    }

    /// A token's integration as read, with the token's expiry and the version of the same snapshot.
    public func remember(_ integration: Integration, tokenHash: String, expiresAt: Double, version: Int64, sentAt: UInt64) {
        observed(version: version, sentAt: sentAt)
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= Self.maxEntries { entries.removeAll(keepingCapacity: true) }
        entries[tokenHash] = Entry(integration: integration, expiresAt: expiresAt, version: version)
    }

    /// The integration kept for this token when nothing can have changed it: nil when the token must be asked for.
    public func integration(tokenHash: String, now: Date, clock: UInt64 = clock()) -> Integration? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[tokenHash], entry.version == seenVersion, now.timeIntervalSince1970 < entry.expiresAt,
              clock &- seenAt < freshnessNanoseconds else { return nil }
        return entry.integration
    }
}
