import Foundation

/// A malformed JSON document: a provider page the sync treats as failed, or a statement answered 400.
public struct JSONSyntaxError: Error, CustomStringConvertible, Sendable {
    public let offset: Int
    public let reason: String
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

/// Recursive-descent JSON parser over UTF-8 bytes (RFC 8259), producing `XAPIJSON`. Foundation's parsers
/// cost a Decodable walk or NSDictionary bridging per value, which made parsing most of a sync's time and
/// of a statement's (see BENCHMARKS.md).
///
/// Strict mode (statements from outside) also refuses what RFC 8259 leaves to the reader and an LRS must
/// not guess at: invalid UTF-8, a key given twice, a number too large for a double.
struct JSONBytesParser {
    let bytes: UnsafeBufferPointer<UInt8>
    private let strict: Bool
    var i = 0
    var depth = 0
    /// Lenient mode: the members of the objects being read, innermost last. Each object's dictionary is built once
    /// at its `}` with its final capacity, instead of growing (and rehashing every key) as members arrive.
    private var pending: [(key: String, value: XAPIJSON)] = []
    /// Deep enough for any real document; shallow enough that recursion cannot exhaust a thread's stack.
    static let maxDepth = 256

    init(bytes: UnsafeBufferPointer<UInt8>, strict: Bool) {
        self.bytes = bytes
        self.strict = strict
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> XAPIJSON {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard i == bytes.count else { throw fail("unexpected data after the document") }
        return value
    }

    // MARK: - Values

    mutating func parseValue() throws(JSONSyntaxError) -> XAPIJSON {
        guard i < bytes.count else { throw fail("unexpected end of data") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw fail("unexpected character")
        }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> XAPIJSON {
        guard strict else { return try parseLenientObject() }
        try enter()
        defer { depth -= 1 }
        i += 1
        var object: [String: XAPIJSON] = [:]
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { i += 1; return .object(object) }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else { throw fail("expected a key") }
            let key = try parseString()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw fail("expected ':'") }
            i += 1
            skipWhitespace()
            let value = try parseValue()
            if object.updateValue(value, forKey: key) != nil, strict { throw fail("the key '\(key)' appears twice") }
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { i += 1; continue }
            if peek(UInt8(ascii: "}")) { i += 1; return .object(object) }
            throw fail("expected ',' or '}'")
        }
    }

    /// A provider page's object: members collected first, then one dictionary of the right size; a repeated key keeps
    /// its last value.
    private mutating func parseLenientObject() throws(JSONSyntaxError) -> XAPIJSON {
        try enter()
        defer { depth -= 1 }
        i += 1
        let mark = pending.count
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { i += 1; return .object([:]) }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else { throw fail("expected a key") }
            let key = try parseString()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw fail("expected ':'") }
            i += 1
            skipWhitespace()
            let value = try parseValue()
            pending.append((key, value))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { i += 1; continue }
            if peek(UInt8(ascii: "}")) { i += 1; break }
            throw fail("expected ',' or '}'")
        }
        var object = [String: XAPIJSON](minimumCapacity: pending.count - mark)
        for member in pending[mark...] { object[member.key] = member.value }
        pending.removeSubrange(mark...)
        return .object(object)
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> XAPIJSON {
        try enter()
        defer { depth -= 1 }
        i += 1
        var array: [XAPIJSON] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { i += 1; return .array(array) }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { i += 1; continue }
            if peek(UInt8(ascii: "]")) { i += 1; return .array(array) }
            throw fail("expected ',' or ']'")
        }
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes, copied as one UTF-8 run.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") {
            guard bytes[i] >= 0x20 else { throw fail("control character in a string") }
            i += 1
        }
        guard i < bytes.count else { throw fail("unterminated string") }
        if bytes[i] == UInt8(ascii: "\"") {
            defer { i += 1 }
            return try text(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        }
        var scalars = Array(bytes[start..<i])
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return try text(scalars)
            }
            guard b >= 0x20 else { throw fail("control character in a string") }
            if b != UInt8(ascii: "\\") { scalars.append(b); i += 1; continue }
            i += 1
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): scalars.append(0x22)
            case UInt8(ascii: "\\"): scalars.append(0x5C)
            case UInt8(ascii: "/"): scalars.append(0x2F)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                var lone = (0xD800...0xDFFF).contains(code)
                if (0xD800...0xDBFF).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        lone = false
                    }
                }
                // A lone surrogate names no character: replacing it would make two different ids equal.
                if lone {
                    if strict { throw fail("a \\u escape is a lone surrogate") }
                    code = 0xFFFD
                }
                scalars.append(contentsOf: Array(String(Unicode.Scalar(code) ?? "\u{FFFD}").utf8))
            default: throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - 55)
            default: throw fail("bad hex digit")
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> Double {
        let start = i
        // Fast path for what pages are full of (ids, counts, epoch milliseconds): up to 15 digits, no sign, fraction
        // or exponent, which a double holds exactly; anything else goes through Double(String).
        var whole: Int64 = 0
        while i < bytes.count, i - start < 15, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) {
            whole = whole &* 10 &+ Int64(bytes[i] &- UInt8(ascii: "0"))
            i += 1
        }
        if i > start, i == bytes.count || !Self.continuesNumber(bytes[i]) { return Double(whole) }
        i = start
        if peek(UInt8(ascii: "-")) { i += 1 }
        while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) || bytes[i] == UInt8(ascii: ".")
                || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") || bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            i += 1
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let value = Double(text), text.last != "." else { throw fail("bad number '\(text)'") }
        guard value.isFinite || !strict else { throw fail("the number '\(text.prefix(40))' is too large") }
        return value
    }

    // MARK: - Helpers

    private static func continuesNumber(_ b: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e")
            || b == UInt8(ascii: "E") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
    }

    /// A string's UTF-8 bytes; strict mode refuses invalid sequences instead of replacing them.
    private func text<Run: Collection<UInt8>>(_ run: Run) throws(JSONSyntaxError) -> String {
        guard strict else { return String(decoding: run, as: UTF8.self) }
        guard let valid = String(validating: run, as: UTF8.self) else { throw fail("a string is not valid UTF-8") }
        return valid
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("nested too deeply") }
    }

    mutating func expect(_ word: StaticString) throws(JSONSyntaxError) {
        let length = word.utf8CodeUnitCount
        guard i + length <= bytes.count else { throw fail("unexpected end of data") }
        for k in 0..<length where bytes[i + k] != word.utf8Start[k] { throw fail("unexpected character") }
        i += length
    }

    func peek(_ b: UInt8) -> Bool { i < bytes.count && bytes[i] == b }

    mutating func skipWhitespace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    func fail(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: i, reason: reason) }
}
