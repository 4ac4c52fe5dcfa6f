import Foundation

/// Takes out of recorded traffic everything that must not leave the machine: the integration's
/// credentials, the tokens the provider handed out, and e-mail addresses (replaced by stable
/// pseudonyms, so the same learner stays the same learner across the pages of one recording).
/// Also swaps the integration's API base and token URL for placeholders. Not thread-safe: the
/// recorder serializes calls.
struct TrafficScrubber {
    static let redacted = "REDACTED"
    private static let pseudonymDomain = "@example.invalid"
    private static let tokenField = try! NSRegularExpression(
        pattern: #""(access_token|refresh_token|id_token)"\s*:\s*"([^"]*)""#)
    private static let email = try! NSRegularExpression(
        pattern: #"[A-Za-z0-9._%+\-]+(@|%40)[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"#)

    private let origins: [(String, String)]
    private var secrets: [String]
    private(set) var pseudonyms: [String: String] = [:]

    init(apiBase: String, tokenURL: String?, secrets: [String]) {
        var origins = [(Self.trimSlash(apiBase), RecordingManifest.apiPlaceholder)]
        if let tokenURL { origins.insert((tokenURL, RecordingManifest.tokenPlaceholder), at: 0) }
        // Longest first, so a token URL under the API base is not cut in two.
        self.origins = origins.sorted { $0.0.count > $1.0.count }
        self.secrets = []
        for secret in secrets { learn(secret) }
    }

    /// A value to scrub from now on, in each form it may travel in (raw, form-encoded, JSON-escaped).
    mutating func learn(_ secret: String) {
        guard secret.count >= 4 else { return }
        for form in [secret, HTTPRequest.formEscape(secret), secret.replacingOccurrences(of: "/", with: "\\/")]
        where !secrets.contains(form) {
            secrets.append(form)
        }
        secrets.sort { $0.count > $1.count }
    }

    /// Learns the tokens a token response hands out, so they are scrubbed wherever they come back.
    mutating func learnTokens(in text: String) {
        let range = NSRange(text.startIndex..., in: text)
        for match in Self.tokenField.matches(in: text, range: range) {
            if let value = Range(match.range(at: 2), in: text) { learn(String(text[value])) }
        }
    }

    mutating func scrub(_ text: String) -> String {
        var out = text
        for (origin, placeholder) in origins where !origin.isEmpty {
            out = out.replacingOccurrences(of: origin, with: placeholder)
        }
        for secret in secrets {
            out = out.replacingOccurrences(of: secret, with: Self.redacted)
        }
        return pseudonymize(out)
    }

    private mutating func pseudonymize(_ text: String) -> String {
        let matches = Self.email.matches(in: text, range: NSRange(text.startIndex..., in: text))
        guard !matches.isEmpty else { return text }
        var out = ""
        var cursor = text.startIndex
        for match in matches {
            guard let range = Range(match.range, in: text), let at = Range(match.range(at: 1), in: text) else { continue }
            let address = String(text[range])
            out += text[cursor..<range.lowerBound]
            if address.hasSuffix(Self.pseudonymDomain) {
                out += address
            } else {
                let key = address.replacingOccurrences(of: "%40", with: "@").lowercased()
                let pseudonym = pseudonyms[key] ?? "learner-\(pseudonyms.count + 1)\(Self.pseudonymDomain)"
                pseudonyms[key] = pseudonym
                out += text[at] == "@" ? pseudonym : pseudonym.replacingOccurrences(of: "@", with: "%40")
            }
            cursor = range.upperBound
        }
        return out + text[cursor...]
    }

    private static func trimSlash(_ s: String) -> String { s.hasSuffix("/") ? String(s.dropLast()) : s }
}
