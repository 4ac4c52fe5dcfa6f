import CourseBridgeCore
import Dispatch
import Foundation

/// Webhook token checks answered without a round trip (schema v13): an instance keeps each token's integration
/// under the `webhook_token_version` it was read with, and uses it while that is still the newest version it has
/// read and that read is recent. Every change that could make a kept answer wrong (a token removed, an integration
/// changed or removed, on any instance) moves the version; ingestion reads it with every group's first wait, so
/// under load a change is seen within a group, and with no load the first request after a pause asks again.
///
/// So a token revoked on one instance is refused by every instance within `freshness` of the revocation's commit
/// (before, within the time a request waited for its group's commit, ~0.1 s under batches).
final class PostgresWebhookTokenCache: @unchecked Sendable {  // every access under `lock`
    private struct Entry {
        let integration: Integration
        let expiresAt: Double
        let version: Int64
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    /// The version of the last read sent, and when it was sent (uptime): it includes every change committed before.
    private var seenVersion: Int64 = -1
    private var seenAt: UInt64 = 0
    /// How long a read of the version vouches for the answers kept under it (nanoseconds).
    private var freshnessNanoseconds: UInt64
    /// Bounds memory: past this many tokens the cache starts over.
    static let maxEntries = 10_000

    init(freshnessMilliseconds: UInt64 = 25) {
        freshnessNanoseconds = freshnessMilliseconds * 1_000_000
    }

    /// Tests lengthen the freshness, so that only a version read, never the clock, ends an answer.
    func setFreshness(nanoseconds: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        freshnessNanoseconds = nanoseconds
    }

    /// Now on the clock `observed(version:sentAt:)` takes: read it before sending the query.
    static func clock() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// A query sent at `sentAt` read `version`. Of two reads, the one sent later holds: its snapshot was taken after
    /// it was sent.
    func observed(version: Int64, sentAt: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        guard sentAt >= seenAt else { return }
        seenAt = sentAt
        seenVersion = version
    }

    /// A token's integration as read, with the token's expiry and the version of the same snapshot.
    func remember(_ integration: Integration, tokenHash: String, expiresAt: Double, version: Int64, sentAt: UInt64) {
        observed(version: version, sentAt: sentAt)
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= Self.maxEntries { entries.removeAll(keepingCapacity: true) }
        entries[tokenHash] = Entry(integration: integration, expiresAt: expiresAt, version: version)
    }

    /// The integration kept for this token when nothing can have changed it: nil when the token must be asked for.
    func integration(tokenHash: String, now: Date, clock: UInt64 = clock()) -> Integration? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[tokenHash], entry.version == seenVersion, now.timeIntervalSince1970 < entry.expiresAt,
              clock &- seenAt < freshnessNanoseconds else { return nil }
        return entry.integration
    }
}
