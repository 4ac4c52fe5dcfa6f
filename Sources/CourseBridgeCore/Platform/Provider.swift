import Foundation

/// The four content providers CourseBridge integrates with.
public enum Provider: String, CaseIterable, Codable, Sendable {
    case linkedin, coursera, edx, skillsoft

    public var displayName: String {
        switch self {
        case .linkedin: "LinkedIn Learning"
        case .coursera: "Coursera"
        case .edx: "edX"
        case .skillsoft: "Skillsoft Percipio"
        }
    }

    /// Parses a provider name as typed by an administrator.
    public init(name: String) throws(CoreError) {
        guard let p = Provider(rawValue: name.lowercased()) else {
            throw .unknownProvider(name)
        }
        self = p
    }

    /// Credential fields, in the order the console and the CLI prompt for them (DESIGN §6).
    public var credentialFields: [CredentialField] {
        switch self {
        case .edx:
            [.init("client_id", "Client ID"), .init("client_secret", "Client secret", secret: true)]
        case .coursera:
            [.init("org_id", "Organization ID"), .init("client_id", "Client ID"),
             .init("client_secret", "Client secret", secret: true)]
        case .linkedin:
            [.init("client_id", "Client ID"), .init("client_secret", "Client secret", secret: true)]
        case .skillsoft:
            [.init("organization_id", "Organization ID"), .init("bearer_token", "Bearer token", secret: true),
             .init("tenant_url", "Tenant instance URL")]
        }
    }

    /// Statistics arrive by xAPI push (LinkedIn, Skillsoft) or are pulled daily (Coursera, edX).
    public var pushesStatements: Bool { self == .linkedin || self == .skillsoft }

    /// Filters the provider supports (seeds 002 and 004).
    public var supportsLanguageFilter: Bool { self == .linkedin || self == .skillsoft }
    public var supportsContentTypeFilter: Bool { self == .skillsoft }

    /// Default daily time, Central European time (seeds 002: 08:10, 004: 06:00).
    public var defaultSchedule: DailySchedule {
        switch self {
        case .linkedin: DailySchedule(hour: 8, minute: 10, timeZone: DailySchedule.defaultTimeZone)
        case .skillsoft: DailySchedule(hour: 6, minute: 0, timeZone: DailySchedule.defaultTimeZone)
        case .coursera: DailySchedule(hour: 7, minute: 0, timeZone: DailySchedule.defaultTimeZone)
        case .edx: DailySchedule(hour: 7, minute: 30, timeZone: DailySchedule.defaultTimeZone)
        }
    }

    /// The provider's real API base, used unless the integration overrides it.
    public var defaultAPIBase: String {
        switch self {
        case .linkedin: "https://api.linkedin.com/v2"
        case .coursera: "https://api.coursera.com/ent/api/businesses.v1"
        case .edx: "https://api.edx.org"
        case .skillsoft: "https://api.percipio.com"
        }
    }

    /// The provider's real token URL (Skillsoft uses a static bearer token: none).
    public var defaultTokenURL: String? {
        switch self {
        case .linkedin: "https://www.linkedin.com/oauth/v2/accessToken"
        case .coursera: "https://api.coursera.com/oauth2/client_credentials/token"
        case .edx: "https://api.edx.org/oauth2/v1/access_token"
        case .skillsoft: nil
        }
    }
}

/// One credential an administrator enters for a provider.
public struct CredentialField: Sendable, Equatable {
    public let key: String
    public let label: String
    public let isSecret: Bool
    public init(_ key: String, _ label: String, secret: Bool = false) {
        self.key = key
        self.label = label
        self.isSecret = secret
    }
}
