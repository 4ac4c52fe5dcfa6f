import CourseBridgeCore

/// The providers that push xAPI statements to CourseBridge (DESIGN §3): LinkedIn Learning and Skillsoft Percipio.
public enum PushProvider: String, CaseIterable, Sendable {
    case linkedin, skillsoft

    public var provider: Provider {
        switch self {
        case .linkedin: .linkedin
        case .skillsoft: .skillsoft
        }
    }

    /// Parses `linkedin` or `skillsoft` as typed on the command line.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    // MARK: - CourseBridge endpoints (DESIGN §3)

    /// The path segment under `/api/` that CourseBridge serves for this provider.
    var segment: String { self == .linkedin ? "linkedinlearning" : "skillsoft" }

    func tokenURL(base: String) -> String { Self.trimmed(base) + "/api/\(segment)/oauth2/token" }

    /// LinkedIn posts to `/stats`; Percipio appends `/statements` to the configured `/api/skillsoft` itself.
    func statementsURL(base: String) -> String {
        Self.trimmed(base) + (self == .linkedin ? "/api/linkedinlearning/stats" : "/api/skillsoft/statements")
    }

    /// LinkedIn Learning sends xAPI 1.0.0; Percipio 1.0.3.
    var xAPIVersion: String { self == .linkedin ? "1.0.0" : "1.0.3" }

    static func trimmed(_ base: String) -> String {
        var s = base
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }
}
