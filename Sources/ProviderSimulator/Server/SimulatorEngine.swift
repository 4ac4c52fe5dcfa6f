import CourseBridgeCore
import Foundation
import Synchronization

/// The simulator without its socket: routes a `SimRequest` to a `SimResponse`, keeping
/// tokens, faults and the day in one locked state. The HTTP server only adapts types.
final class SimulatorEngine: Sendable {
    let options: SimulatorOptions
    let state: Mutex<SimulatorState>

    init(options: SimulatorOptions) {
        self.options = options
        self.state = Mutex(SimulatorState(catalog: SimulatedCatalog(seed: options.seed, items: options.items, dailyChange: options.dailyChange),
                                          faults: options.faults))
    }

    var credentials: SimulatorCredentials { options.credentials }
    var catalog: SimulatedCatalog { state.withLock { $0.catalog } }

    // MARK: - Dispatch

    func handle(_ request: SimRequest) -> SimResponse {
        state.withLock { $0.requestCount += 1 }
        let parts = request.path.split(separator: "/").map(String.init)
        guard let first = parts.first, let provider = Provider(rawValue: first) else {
            return ProviderErrors.notFound(nil, request.path)
        }
        let rest = Array(parts.dropFirst())
        var response: SimResponse
        switch provider {
        case .linkedin: response = linkedin(request, rest)
        case .coursera: response = coursera(request, rest)
        case .edx: response = edx(request, rest)
        case .skillsoft: response = skillsoft(request, rest)
        }
        response.delayMs += state.withLock { s in
            s.faults.reduce(0) { sum, f in
                if case .slow(let ms) = f.kind, f.applies(to: provider) { return sum + ms }
                return sum
            }
        }
        return response
    }

    // MARK: - Tokens and authorization

    /// Whether token requests and tokens are refused for this provider (the `badcreds` fault).
    func refusesCredentials(_ provider: Provider) -> Bool {
        state.withLock { s in s.hasFault(provider) { $0 == .wrongCredentials } }
    }

    func issueToken(_ provider: Provider) -> String {
        state.withLock { $0.issueToken(provider, seed: options.seed) }
    }

    /// nil when the request carries a valid token; else the provider's 401.
    func unauthorized(_ provider: Provider, _ request: SimRequest) -> SimResponse? {
        let refuse = ProviderErrors.response(provider, status: 401, message: "Invalid or expired token")
        let token: String?
        switch provider {
        case .edx: token = request.authorization(scheme: "JWT")
        default: token = request.authorization(scheme: "Bearer")
        }
        guard let token, !refusesCredentials(provider) else { return refuse }
        if provider == .skillsoft { return token == credentials.skillsoftBearerToken ? nil : refuse }
        let known = state.withLock { $0.validTokens[provider]?.contains(token) ?? false }
        return known ? nil : refuse
    }

    // MARK: - Paged responses and faults

    /// Serves page `page` (from 1) of a listing: authorization, then faults, then `build`.
    func page(_ provider: Provider, _ request: SimRequest, page: Int,
              build: (SimulatedCatalog) -> SimResponse) -> SimResponse {
        if let refused = unauthorized(provider, request) { return refused }
        let token = request.authorization(scheme: provider == .edx ? "JWT" : "Bearer")
        enum Fired { case none, expire, rateLimit(Int), serverError, malformed, truncated }
        var fired: [Fired] = []
        let catalog = state.withLock { s -> SimulatedCatalog in
            for (i, fault) in s.faults.enumerated() where fault.applies(to: provider) && fault.page == page {
                if case .tokenExpiry = fault.kind, provider == .skillsoft { continue }
                guard s.consume(i) else { continue }
                switch fault.kind {
                case .tokenExpiry:
                    if let token { s.validTokens[provider]?.remove(token) }
                    fired.append(.expire)
                case .rateLimited(_, let seconds): fired.append(.rateLimit(seconds))
                case .serverError: fired.append(.serverError)
                case .malformedJSON: fired.append(.malformed)
                case .truncated: fired.append(.truncated)
                case .slow, .wrongCredentials: break
                }
            }
            return s.catalog
        }
        var response: SimResponse
        if fired.contains(where: { if case .expire = $0 { true } else { false } }) {
            response = ProviderErrors.response(provider, status: 401, message: "The access token has expired")
        } else if case .rateLimit(let seconds)? = fired.first(where: { if case .rateLimit = $0 { true } else { false } }) {
            response = ProviderErrors.response(provider, status: 429, message: "Too many requests: retry later",
                                               headers: [("Retry-After", String(seconds))])
        } else if fired.contains(where: { if case .serverError = $0 { true } else { false } }) {
            response = ProviderErrors.response(provider, status: 500, message: "Internal server error (simulated)")
        } else {
            response = build(catalog)
            if fired.contains(where: { if case .malformed = $0 { true } else { false } }) {
                let cut = response.body.utf8.count / 2
                response.body = String(decoding: response.body.utf8.prefix(cut), as: UTF8.self) + ",,<html>oops"
            }
            if fired.contains(where: { if case .truncated = $0 { true } else { false } }) {
                response.delivery = .truncated
            }
        }
        response.delayMs += options.pageDelayMs
        return response
    }

    /// The listing index of `query` on `catalog`'s day, computed outside the lock and cached.
    func listing(_ query: ListingQuery, on catalog: SimulatedCatalog) -> ListingIndex {
        let key = SimulatorState.ListingKey(query: query, day: catalog.day)
        if let cached = state.withLock({ $0.listings[key] }) { return cached }
        let index = ListingIndex(catalog: catalog, query: query)
        state.withLock { $0.listings[key] = index }
        return index
    }

    /// The first simulated day whose changes happened at or after `since` (a real time); past today when none did.
    func changedFromDay(since: Date) -> Int {
        state.withLock { s in s.firstDay(changedAtOrAfter: since) ?? s.catalog.day + 1 }
    }

    /// `start`/`count` style paging parameters, checked.
    func window(_ request: SimRequest, _ provider: Provider, start: String, count: String,
                defaultCount: Int) -> (start: Int, count: Int)? {
        guard let s = request.int(start, default: 0), let c = request.int(count, default: defaultCount),
              s >= 0, c > 0, c <= 10_000 else { return nil }
        return (s, c)
    }
}
