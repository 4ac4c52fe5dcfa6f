import CourseBridgeCore
import Foundation

/// Produces the `Authorization` header value of API calls.
protocol Authorizer: Sendable {
    /// `forceRefresh` after a 401: get a new token even if the cached one looks valid.
    func authorization(forceRefresh: Bool) throws(ProviderError) -> String
    /// False for static tokens: a 401 then fails at once.
    var canRefresh: Bool { get }
    /// Every secret this authorizer knows right now, for scrubbing error text.
    var secrets: [String] { get }
}

/// Skillsoft: a service-account token issued by the provider; nothing to fetch.
struct StaticBearerAuthorizer: Authorizer {
    let token: String
    func authorization(forceRefresh: Bool) throws(ProviderError) -> String { "Bearer \(token)" }
    var canRefresh: Bool { false }
    var secrets: [String] { [token] }
}
