/// Email rules: emails are unique case-insensitively, so they are compared in lower case.
public enum EmailAddress {
    /// A pragmatic check: one `@`, a non-empty local part, a dotted domain, no spaces.
    public static func isValid(_ s: String) -> Bool {
        if let valid = isValidASCII(s) { return valid }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        guard !hasForbiddenCharacter(s) else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")
    }

    /// `isValid` in one pass over the bytes, for the common all-ASCII address (every pushed statement's actor is
    /// checked); nil when `s` has other characters, which take the Character-wise path (a combining mark after
    /// `@` or `.` makes one character of the two there).
    static func isValidASCII(_ s: String) -> Bool? {
        var ats = 0, length = 0, domainStart = 0
        var domainHasDot = false, doubleDot = false, forbidden = false
        var previous: UInt8 = 0
        for byte in s.utf8 {
            if byte >= 0x80 { return nil }
            if byte < 0x21 || byte == 0x7F || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") { forbidden = true }
            if byte == UInt8(ascii: "@") {
                ats += 1
                domainStart = length + 1
                domainHasDot = false
                doubleDot = false
            } else if byte == UInt8(ascii: ".") {
                domainHasDot = true
                if previous == UInt8(ascii: ".") { doubleDot = true }
            }
            previous = byte
            length += 1
        }
        guard ats == 1, !forbidden, domainStart > 1, domainStart < length else { return false }
        let bytes = s.utf8
        let domainFirst = bytes[bytes.index(bytes.startIndex, offsetBy: domainStart)]
        return domainHasDot && !doubleDot && domainFirst != UInt8(ascii: ".") && previous != UInt8(ascii: ".")
    }

    /// Spaces, line breaks, `<`, `>` and control characters (escape sequences among them) are never part of an
    /// address. Read byte by byte while ASCII: every pushed statement's actor is checked, and the Unicode
    /// property lookups per character cost more than the rest of the check.
    static func hasForbiddenCharacter(_ s: String) -> Bool {
        for byte in s.utf8 {
            if byte >= 0x80 {
                return s.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "<" || $0 == ">" })
                    || s.unicodeScalars.contains(where: \.isControlCharacter)
            }
            if byte < 0x21 || byte == 0x7F || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") { return true }
        }
        return false
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
