import Foundation

/// Scheme, host and port of a URL: the unit of trust for a provider's API. Requests, and the
/// `next` links a provider sends, may only go to the origin of the integration's API base.
public struct URLOrigin: Sendable, Equatable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int

    /// Nil for anything that is not an absolute http or https URL with a host.
    public init?(_ url: String) {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
              ["http", "https"].contains(scheme), let host = parts.host?.lowercased(), !host.isEmpty else { return nil }
        self.scheme = scheme
        self.host = host
        self.port = parts.port ?? (scheme == "https" ? 443 : 80)
    }

    public var description: String {
        let defaultPort = scheme == "https" ? 443 : 80
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return port == defaultPort ? "\(scheme)://\(shownHost)" : "\(scheme)://\(shownHost):\(port)"
    }

    /// How a link's target is named in an error: its origin, or its scheme when it is not http(s).
    /// Never the path or query, which may carry anything the provider chose to put there.
    public static func describeTarget(_ url: String) -> String {
        if let origin = URLOrigin(url) { return origin.description }
        if let scheme = URLComponents(string: url)?.scheme, !scheme.isEmpty {
            return "a \(scheme.lowercased()): URL"
        }
        return "a URL without a host"
    }
}
