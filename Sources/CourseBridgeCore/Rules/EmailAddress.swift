/// Email rules: emails are unique case-insensitively, so they are compared in lower case.
public enum EmailAddress {
    /// A pragmatic check: one `@`, a non-empty local part, a dotted domain, no spaces.
    public static func isValid(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        guard !s.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "<" || $0 == ">" }) else { return false }
        // Control characters (escape sequences among them) are never part of an address.
        guard !s.unicodeScalars.contains(where: \.isControlCharacter) else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")
    }

    public static func normalized(_ s: String) -> String {
        s.trimmed.lowercased()
    }

    public static func validated(_ s: String) throws(CoreError) -> String {
        let t = s.trimmed
        guard isValid(t) else { throw .invalidEmail(s) }
        return t
    }
}

import Foundation
