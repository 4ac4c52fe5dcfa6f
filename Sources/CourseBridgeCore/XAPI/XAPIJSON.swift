import Foundation

/// A parsed JSON value: the typed input of statement validation (no `[String: Any]`).
/// Parsed by `JSONBytesParser` (see `parse`); encodable for `--json` output.
public enum XAPIJSON: Equatable, Sendable, Encodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([XAPIJSON])
    case object([String: XAPIJSON])

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Parses a document. `strict` (the default, for anything received from outside) refuses invalid UTF-8,
    /// duplicate keys and numbers beyond a double; provider pages are read leniently.
    public static func parse(_ data: Data, strict: Bool = true) throws(JSONSyntaxError) -> XAPIJSON {
        let result: Result<XAPIJSON, JSONSyntaxError> = data.withUnsafeBytes { raw in
            var parser = JSONBytesParser(bytes: raw.bindMemory(to: UInt8.self), strict: strict)
            do throws(JSONSyntaxError) { return .success(try parser.parseDocument()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    // MARK: - Access

    public subscript(key: String) -> XAPIJSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var numberValue: Double? { if case .number(let n) = self { n } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var objectValue: [String: XAPIJSON]? { if case .object(let o) = self { o } else { nil } }
    public var arrayValue: [XAPIJSON]? { if case .array(let a) = self { a } else { nil } }

    /// The JSON type's name, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    // MARK: - Canonical text

    /// Sorted keys, no whitespace, integral numbers without a fraction: equal values give equal text.
    public var canonicalText: String {
        var out = ""
        appendCanonicalText(to: &out)
        return out
    }

    /// `canonicalText` written into one buffer: every stored statement and content hash goes through it, and
    /// building a string per value, then joining them, was most of its cost.
    public func appendCanonicalText(to out: inout String) { appendCanonicalText(to: &out, comparing: false) }

    /// `comparing`: the text two statements are compared by (`XAPIStatement.canonicalContent`) — null properties
    /// left out and a Group's members, a set, in the order of their own text. The one writer of both forms, so
    /// the canonical format is defined in one place.
    func appendCanonicalText(to out: inout String, comparing: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n):
            if n.isFinite, n == n.rounded(), abs(n) < 1e15 { out += String(Int64(n)) } else { out += "\(n)" }
        case .string(let s): Self.appendQuoted(s, to: &out)
        case .array(let a):
            out += "["
            for (i, value) in a.enumerated() {
                if i > 0 { out += "," }
                value.appendCanonicalText(to: &out, comparing: comparing)
            }
            out += "]"
        case .object(let o):
            let isGroup = comparing && o["objectType"] == .string("Group")
            out += "{"
            var first = true
            for (key, value) in o.sorted(by: { $0.key < $1.key }) {
                if comparing, case .null = value { continue }
                if !first { out += "," }
                first = false
                Self.appendQuoted(key, to: &out)
                out += ":"
                if isGroup, key == "member", case .array(let members) = value {
                    let texts = members.map { member in
                        var text = ""
                        member.appendCanonicalText(to: &text, comparing: true)
                        return text
                    }
                    out += "[" + texts.sorted().joined(separator: ",") + "]"
                } else {
                    value.appendCanonicalText(to: &out, comparing: comparing)
                }
            }
            out += "}"
        }
    }

    /// `s` as a JSON string literal.
    public static func quoted(_ s: String) -> String {
        var out = ""
        appendQuoted(s, to: &out)
        return out
    }

    static func appendQuoted(_ s: String, to out: inout String) {
        // Most strings need no escape: copied whole rather than scalar by scalar. (Scanned as a buffer: through the
        // UTF-8 view's iterator the scan alone was ~3 % of the server's CPU under batches.)
        let needsEscape: (UInt8) -> Bool = { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
        if !(s.utf8.withContiguousStorageIfAvailable { $0.contains(where: needsEscape) } ?? s.utf8.contains(where: needsEscape)) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        out += "\""
    }
}
