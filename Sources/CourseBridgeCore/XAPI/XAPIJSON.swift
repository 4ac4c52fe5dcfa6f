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
        var out: [UInt8] = []
        out.reserveCapacity(512)
        appendCanonicalBytes(to: &out, comparing: false)
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical text's UTF-8 appended to `out`. Every stored statement and content hash goes through it: bytes,
    /// because appending to a `String` piece by piece (a uniqueness and capacity check, then flags, per piece) was
    /// over half of the writer's time, a third of the request threads' under batches.
    ///
    /// `comparing`: the text two statements are compared by (`XAPIStatement.contentHash`'s input) — null properties
    /// left out and a Group's members, a set, in the order of their own text. The one writer of both forms, so
    /// the canonical format is defined in one place.
    func appendCanonicalBytes(to out: inout [UInt8], comparing: Bool) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n):
            if n.isFinite, n == n.rounded(), abs(n) < 1e15 { out.append(contentsOf: String(Int64(n)).utf8) } else { out.append(contentsOf: "\(n)".utf8) }
        case .string(let s): Self.appendQuoted(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, value) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                value.appendCanonicalBytes(to: &out, comparing: comparing)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            Self.appendCanonicalObject(o.sorted(by: { $0.key < $1.key }), to: &out, comparing: comparing)
        }
    }

    /// An object's members, in key order, as canonical text.
    static func appendCanonicalObject(_ members: [(key: String, value: XAPIJSON)], to out: inout [UInt8], comparing: Bool) {
        let isGroup = comparing && members.contains { $0.key == "objectType" && $0.value == .string("Group") }
        out.append(UInt8(ascii: "{"))
        var first = true
        for (key, value) in members {
            if comparing, case .null = value { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            if isGroup, key == "member", case .array(let members) = value {
                // Sorted as strings (Unicode order, as the first stored hashes were): not always the bytes' order.
                let texts = members.map { member in
                    var text: [UInt8] = []
                    member.appendCanonicalBytes(to: &text, comparing: true)
                    return String(decoding: text, as: UTF8.self)
                }
                out.append(contentsOf: ("[" + texts.sorted().joined(separator: ",") + "]").utf8)
            } else {
                value.appendCanonicalBytes(to: &out, comparing: comparing)
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    /// `s` as a JSON string literal.
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `s` as a JSON string literal appended to `out`. Every character to escape is ASCII, so the bytes of other
    /// characters are copied as they are.
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            // Most strings need no escape: copied whole.
            guard bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
                out.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case 0x22: out.append(contentsOf: "\\\"".utf8)
                case 0x5C: out.append(contentsOf: "\\\\".utf8)
                case 0x0A: out.append(contentsOf: "\\n".utf8)
                case 0x0D: out.append(contentsOf: "\\r".utf8)
                case 0x09: out.append(contentsOf: "\\t".utf8)
                case ..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
