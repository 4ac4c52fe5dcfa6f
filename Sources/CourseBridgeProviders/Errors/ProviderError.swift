import CourseBridgeCore
import Foundation

/// A failed provider call, written for an administrator: which provider, which host, what it
/// answered and what to check. Every string it holds was scrubbed of secrets when it was made.
public struct ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case wrongCredentials(status: Int?, message: String?)
        case wrongOrganization(status: Int, message: String?)
        case hostUnreachable(detail: String)
        case tls(detail: String)
        case timeout
        case rateLimited(retryAfter: Double?)
        case unexpectedResponse(status: Int, message: String?)
        case malformedPage(url: String, reason: String)
        case pagingContractBroken(reason: String)
        case missingCredential(key: String)
        case cancelled
        /// A response passed `ResponseLimit` (decoded size) and was stopped.
        case responseTooLarge(limitBytes: Int)
        /// A link from a response points outside the API base's origin (or is not http/https); it was not requested.
        case linkOutsideAPIBase(target: String, apiBase: String)
    }

    public let provider: Provider
    public let host: String
    public let kind: Kind

    public init(provider: Provider, host: String, kind: Kind) {
        self.provider = provider
        self.host = host
        self.kind = kind
    }

    /// Whether this failure means the listing is incomplete for reasons other than a cancel.
    public var isCancellation: Bool { kind == .cancelled }

    public var description: String {
        let name = provider.displayName
        switch kind {
        case .wrongCredentials(let status, let message):
            return "\(name) refused the \(Self.credentialNoun(provider)) (\(Self.statusText(status)) at \(host))"
                + Self.quoted(message) + ": \(Self.credentialHint(provider))"
        case .wrongOrganization(let status, let message):
            return "\(name) does not know this organization or the credentials are not entitled to it (\(status) at \(host))"
                + Self.quoted(message) + ": \(Self.organizationHint(provider))"
        case .hostUnreachable(let detail):
            return "cannot reach \(name) at \(host) (\(detail)): check the API base URL, the host's DNS, "
                + "firewall and proxy settings, then try again"
        case .tls(let detail):
            return "the secure connection to \(name) at \(host) failed (\(detail)): check that the URL uses the right "
                + "host name and that the system's CA certificates are up to date"
        case .timeout:
            return "\(name) at \(host) did not answer in time, even after retries: try again later; "
                + "if it persists, check the network path to \(host)"
        case .rateLimited(let retryAfter):
            let wait = retryAfter.flatMap(\.wholeSeconds).map { " (it asked to wait \($0) s)" } ?? ""
            return "\(name) at \(host) is limiting the request rate\(wait) and retries did not get through: "
                + "run the sync again later"
        case .unexpectedResponse(let status, let message):
            return "\(name) answered HTTP \(status) at \(host)" + Self.quoted(message)
                + ": try again, and contact \(name) support if it persists"
        case .malformedPage(let url, let reason):
            return "\(name) sent a page that could not be read (\(url)): \(reason)"
        case .pagingContractBroken(let reason):
            return "\(name) at \(host) broke its paging contract: \(reason)"
        case .missingCredential(let key):
            return "the \(name) integration has no '\(key)' credential: enter it with `integration credentials ID`"
        case .cancelled:
            return "the \(name) listing was cancelled before it was complete"
        case .responseTooLarge(let limit):
            return "\(name)'s response was larger than \(ResponseLimit.describe(limit)) (at \(host)); the transfer was stopped "
                + "and nothing of it was used: check the integration's API base URL (coursebridge integration endpoints ID), "
                + "and contact \(name) support if it persists"
        case .linkOutsideAPIBase(let target, let apiBase):
            return "\(name) at \(host) sent a link to \(target), outside the integration's API base \(apiBase); "
                + "the listing was stopped without requesting it (links are followed only on the API base's own scheme, "
                + "host and port): check the integration's API base URL (coursebridge integration endpoints ID), "
                + "and contact \(name) support if it persists"
        }
    }

    // MARK: - Wording per provider

    private static func statusText(_ status: Int?) -> String { status.map { "HTTP \($0)" } ?? "no token" }

    private static func quoted(_ message: String?) -> String {
        guard let message, !message.isEmpty else { return "" }
        return ": “\(message)”"
    }

    static func credentialNoun(_ provider: Provider) -> String {
        provider == .skillsoft ? "bearer token" : "client id/secret"
    }

    static func credentialHint(_ provider: Provider) -> String {
        switch provider {
        case .linkedin:
            "check the Client ID and Client Secret under Integrate → Access content and reports via API in LinkedIn Learning"
        case .coursera:
            "check the Client ID and Secret Key on the API Application tab of the Coursera Developer Console"
        case .edx:
            "check the client id and client secret of the edX enterprise API credentials"
        case .skillsoft:
            "check the service-account bearer token issued by Skillsoft for this organization (it may have been revoked)"
        }
    }

    static func organizationHint(_ provider: Provider) -> String {
        switch provider {
        case .coursera:
            "check the Organization ID from the API Credentials document sent by Coursera"
        case .skillsoft:
            "check the Organization ID and the tenant instance URL given by Skillsoft"
        case .linkedin, .edx:
            "check that the API application has access to this organization's content"
        }
    }
}
