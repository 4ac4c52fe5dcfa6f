import CourseBridgeCore
import Foundation

/// The outcome of TEST CONNECTION, as the console and `integration test` show it.
public enum ConnectionTestResult: Sendable, Equatable {
    case ok(catalogSize: Int?)
    case wrongCredentials
    case wrongOrganization
    case hostUnreachable
    case tlsError
    case unexpectedResponse(String)

    /// Classifies a failed call; the detailed error text goes into `unexpectedResponse`.
    public init(error: ProviderError) {
        switch error.kind {
        case .wrongCredentials: self = .wrongCredentials
        case .wrongOrganization: self = .wrongOrganization
        case .hostUnreachable: self = .hostUnreachable
        case .tls: self = .tlsError
        default: self = .unexpectedResponse(error.description)
        }
    }

    public var isOK: Bool {
        if case .ok = self { return true }
        return false
    }

    /// One or two sentences for the administrator: what happened and what to check.
    public func message(for provider: Provider) -> String {
        let name = provider.displayName
        switch self {
        case .ok(let size?):
            return "Connected to \(name): the credentials work and the catalog lists \(size) item\(size == 1 ? "" : "s")."
        case .ok(nil):
            return "Connected to \(name): the credentials work and the catalog answered."
        case .wrongCredentials:
            return "\(name) refused the \(ProviderError.credentialNoun(provider)): \(ProviderError.credentialHint(provider))."
        case .wrongOrganization:
            return "\(name) accepted the credentials but not the organization: \(ProviderError.organizationHint(provider))."
        case .hostUnreachable:
            return "Cannot reach \(name): check the API base URL (and the tenant URL for Skillsoft), DNS, firewall and proxy."
        case .tlsError:
            return "The secure connection to \(name) failed: check the URL's host name and the system's CA certificates."
        case .unexpectedResponse(let detail):
            return "\(name) answered unexpectedly: \(detail)"
        }
    }
}

extension CatalogSource {
    /// Runs `probe`, turning any failure into a result (TEST CONNECTION never throws).
    func connectionTest(_ probe: () throws(ProviderError) -> Int?) -> ConnectionTestResult {
        do {
            return .ok(catalogSize: try probe())
        } catch {
            return ConnectionTestResult(error: error)
        }
    }
}
