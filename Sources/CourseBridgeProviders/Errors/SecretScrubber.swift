import Foundation

/// Removes secrets from text before it can reach an error, a log or a screen: the known
/// secret values of the integration (client secret, bearer token, access tokens) and anything
/// that looks like a credential in a URL, header or JSON body.
public struct SecretScrubber: Sendable {
    public static let mask = "••••••••"
    private let secrets: [String]

    public init(secrets: [String] = []) {
        // Longest first, so a secret containing another is removed whole; very short values
        // would blank out ordinary words, so they are left to the pattern rules.
        self.secrets = Set(secrets.filter { $0.count >= 4 }).sorted { $0.count > $1.count }
    }

    public func scrub(_ text: String) -> String {
        var out = text
        for secret in secrets {
            out = out.replacingOccurrences(of: secret, with: Self.mask)
            let escaped = HTTPRequest.formEscape(secret)
            if escaped != secret { out = out.replacingOccurrences(of: escaped, with: Self.mask) }
        }
        for rule in Self.patterns {
            out = rule.regex.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out),
                                                      withTemplate: rule.template)
        }
        return out
    }

    // MARK: - Patterns

    private struct Rule: @unchecked Sendable {
        // @unchecked: NSRegularExpression is immutable after creation and documented thread-safe.
        let regex: NSRegularExpression
        let template: String
    }

    private static let sensitiveNames = "access_token|refresh_token|id_token|client_secret|token|secret|password|bearer_token|api_key|apikey"

    private static let patterns: [Rule] = [
        // key=value in query strings and form bodies
        Rule(regex: try! NSRegularExpression(pattern: "(?i)\\b(\(sensitiveNames))=[^&\\s\"']*"), template: "$1=\(mask)"),
        // "key": "value" in JSON
        Rule(regex: try! NSRegularExpression(pattern: "(?i)\"(\(sensitiveNames))\"\\s*:\\s*\"[^\"]*\""),
             template: "\"$1\":\"\(mask)\""),
        // Authorization header values
        Rule(regex: try! NSRegularExpression(pattern: "(?i)\\b(Bearer|JWT|Basic)\\s+[A-Za-z0-9._~+/=-]{6,}"),
             template: "$1 \(mask)"),
        // user:password@ in URLs
        Rule(regex: try! NSRegularExpression(pattern: "(?i)(https?://)[^/@\\s:]+:[^/@\\s]+@"), template: "$1\(mask)@"),
    ]
}
