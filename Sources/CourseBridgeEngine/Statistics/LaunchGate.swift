import CourseBridgeCore
import CourseBridgeData
import Foundation
import Synchronization

/// The answer to a launch request from a learner's browser.
public enum LaunchAnswer: Sendable, Equatable {
    /// Recorded: send the learner to the provider.
    case redirect(url: String)
    /// Unsigned, badly signed, tampered, expired or malformed. Always the same answer, decided before the
    /// database is read: it says nothing about which learners or courses exist.
    case refused
    /// Too many launches from this address or for this learner in the current window.
    case rateLimited(retryAfter: Int)
    /// A valid link the platform cannot honour any more (learner or course gone, course archived, locked step).
    case unavailable(String)
    /// The database failed; nothing was recorded.
    case failed(String)
}

/// Launch from a signed link (security review H1): checks the rate limits, the signature and the expiry,
/// and only then records the launch through `LaunchService` (which keeps the seeds' 1 % / 50 % rule).
public final class LaunchGate: Sendable {
    public static let refusal = "this launch link is not valid or has expired: open the course again from your learning platform"
    public static let gone = "this link names a course or learner that is no longer on the platform: open the course again from your learning platform"
    /// A link that fails to verify reloads the key at most this often (another process may have replaced it).
    static let keyReload: TimeInterval = 10

    let store: any DataStore
    let launcher: LaunchService
    let limits: LaunchLimits
    let now: @Sendable () -> Date
    private let state: Mutex<State>

    private struct State {
        var limiter: LaunchRateLimiter
        var signer: LaunchSigner?
        var loadedAt = Date.distantPast
    }

    public init(store: any DataStore, limits: LaunchLimits = LaunchLimits(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.limits = limits
        self.now = now
        launcher = LaunchService(store: store, now: now)
        state = Mutex(State(limiter: LaunchRateLimiter(capacity: limits.capacity, window: limits.window)))
    }

    /// `courseId` is the path segment; `query` holds `user`, `expires`, `sig` and optionally `path`.
    public func launch(courseId: String, query: [String: String], source: String) -> LaunchAnswer {
        let at = now()
        guard allow("source\u{0}" + source, limit: limits.perSource, at: at) else { return rateLimited }
        guard let claim = Self.claim(courseId: courseId, query: query), let signature = query["sig"],
              Double(claim.expires) >= at.timeIntervalSince1970 else { return .refused }
        do {
            guard try verify(claim, signature: signature, at: at) else { return .refused }
        } catch {
            return .failed("launch links cannot be checked: \(error)")
        }
        guard allow("user\u{0}" + claim.userEmail.trimmed.lowercased(), limit: limits.perUser, at: at) else { return rateLimited }
        do {
            let result = try launcher.launch(courseId: claim.courseId, userEmail: claim.userEmail, pathId: claim.pathId)
            return .redirect(url: result.url)
        } catch {
            switch error {
            case .notFound: return .unavailable(Self.gone)
            case .refused(let m), .conflict(let m): return .unavailable(m)
            case .store(let e): return .failed("the launch could not be recorded: \(e)")
            }
        }
    }

    /// A link for `claim`, valid until `claim.expires`: what the platform hands the learner.
    public func linkPath(_ claim: LaunchClaim) throws(StoreError) -> String {
        try currentSigner(reload: false, at: now()).linkPath(claim)
    }

    // MARK: - Parts

    private var rateLimited: LaunchAnswer { .rateLimited(retryAfter: max(1, Int(limits.window.rounded(.up)))) }

    private func allow(_ key: String, limit: Int, at: Date) -> Bool {
        state.withLock { $0.limiter.allow(key, limit: limit, now: at) }
    }

    static func claim(courseId: String, query: [String: String]) -> LaunchClaim? {
        guard let id = Int64(courseId), let user = query["user"], !user.trimmed.isEmpty,
              user.utf8.count <= LaunchRateLimiter.maxKeyLength,
              let expires = query["expires"].flatMap({ Int64($0) }) else { return nil }
        var pathId: Int64?
        if let p = query["path"] {
            guard let value = Int64(p) else { return nil }
            pathId = value
        }
        return LaunchClaim(courseId: id, userEmail: user, pathId: pathId, expires: expires)
    }

    private func verify(_ claim: LaunchClaim, signature: String, at: Date) throws(StoreError) -> Bool {
        if try currentSigner(reload: false, at: at).isValid(claim, signature: signature) { return true }
        let stale = state.withLock { at.timeIntervalSince($0.loadedAt) >= Self.keyReload }
        guard stale else { return false }
        return try currentSigner(reload: true, at: at).isValid(claim, signature: signature)
    }

    private func currentSigner(reload: Bool, at: Date) throws(StoreError) -> LaunchSigner {
        if !reload, let signer = state.withLock({ $0.signer }) { return signer }
        let signer = LaunchSigner(key: try store.launchKey())
        state.withLock {
            $0.signer = signer
            $0.loadedAt = at
        }
        return signer
    }
}
