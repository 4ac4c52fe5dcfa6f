import Foundation

/// A pull reader over one JSON document's UTF-8 bytes, for pages whose fields are known in advance: the reader walks
/// the members and elements it wants and reads only their values into its own struct; every other value is skipped
/// (its syntax checked, nothing built). No dictionary tree, nothing allocated but the strings read.
///
/// Read leniently, as provider pages are: invalid UTF-8 in a string is replaced, and a key given twice is seen twice
/// (a reader that assigns on each member keeps the last value, as the tree does). Malformed JSON anywhere, skipped
/// parts included, fails the whole document.
public struct JSONScanner {
    var parser: JSONBytesParser

    /// Reads `data` with `body`, then requires the document to end there.
    public static func read<T>(_ data: Data, _ body: (inout JSONScanner) throws(JSONSyntaxError) -> T) throws(JSONSyntaxError) -> T {
        let result: Result<T, JSONSyntaxError> = data.withUnsafeBytes { raw in
            var scanner = JSONScanner(parser: JSONBytesParser(bytes: raw.bindMemory(to: UInt8.self), strict: false))
            do throws(JSONSyntaxError) {
                scanner.parser.skipWhitespace()
                let value = try body(&scanner)
                scanner.parser.skipWhitespace()
                guard scanner.parser.i == scanner.parser.bytes.count else { throw scanner.parser.fail("unexpected data after the document") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: - Containers

    /// Calls `body` with each member of the object that comes next; `body` reads the value or leaves it, and a value
    /// it leaves is skipped. False (the value skipped) when the next value is not an object.
    @discardableResult
    public mutating func forEachMember(_ body: (inout JSONScanner, JSONKey) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) -> Bool {
        parser.skipWhitespace()
        guard parser.peek(UInt8(ascii: "{")) else { try skipValue(); return false }
        try parser.enter()
        defer { parser.depth -= 1 }
        parser.i += 1
        parser.skipWhitespace()
        if parser.peek(UInt8(ascii: "}")) { parser.i += 1; return true }
        while true {
            parser.skipWhitespace()
            let key = try readKey()
            parser.skipWhitespace()
            guard parser.peek(UInt8(ascii: ":")) else { throw parser.fail("expected ':'") }
            parser.i += 1
            parser.skipWhitespace()
            let before = parser.i
            try body(&self, key)
            if parser.i == before { try skipValue() }
            parser.skipWhitespace()
            if parser.peek(UInt8(ascii: ",")) { parser.i += 1; continue }
            if parser.peek(UInt8(ascii: "}")) { parser.i += 1; return true }
            throw parser.fail("expected ',' or '}'")
        }
    }

    /// Calls `body` with each element of the array that comes next (an element it leaves is skipped). False (the
    /// value skipped) when the next value is not an array.
    @discardableResult
    public mutating func forEachElement(_ body: (inout JSONScanner) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) -> Bool {
        parser.skipWhitespace()
        guard parser.peek(UInt8(ascii: "[")) else { try skipValue(); return false }
        try parser.enter()
        defer { parser.depth -= 1 }
        parser.i += 1
        parser.skipWhitespace()
        if parser.peek(UInt8(ascii: "]")) { parser.i += 1; return true }
        while true {
            parser.skipWhitespace()
            let before = parser.i
            try body(&self)
            if parser.i == before { try skipValue() }
            parser.skipWhitespace()
            if parser.peek(UInt8(ascii: ",")) { parser.i += 1; continue }
            if parser.peek(UInt8(ascii: "]")) { parser.i += 1; return true }
            throw parser.fail("expected ',' or ']'")
        }
    }

    // MARK: - Values

    /// The elements of the array that comes next, each read by `read`; nil (the value skipped) when it is not an array.
    public mutating func elements<T>(_ read: (inout JSONScanner) throws(JSONSyntaxError) -> T) throws(JSONSyntaxError) -> [T]? {
        var list: [T] = []
        let isArray = try forEachElement { scanner throws(JSONSyntaxError) in list.append(try read(&scanner)) }
        return isArray ? list : nil
    }

    /// Whether the next value is an object (read it with `forEachMember`) or not (read it with `scalar`).
    public mutating func nextIsObject() -> Bool {
        parser.skipWhitespace()
        return parser.peek(UInt8(ascii: "{"))
    }

    /// The next value if it is a string, number, boolean or null, as the tree would hold it; an object or an array is
    /// skipped and read as nil (a path that ends on one has no text or number to give).
    public mutating func scalar() throws(JSONSyntaxError) -> XAPIJSON? {
        parser.skipWhitespace()
        guard parser.i < parser.bytes.count else { throw parser.fail("unexpected end of data") }
        switch parser.bytes[parser.i] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipValue()
            return nil
        default:
            return try parser.parseValue()
        }
    }

    /// The scalar at `name` in the object that comes next (`{"value": "Swift"}` → "Swift"); nil when the value is not
    /// an object or has no such member. The last of a repeated member counts.
    public mutating func scalarMember(_ name: StaticString) throws(JSONSyntaxError) -> XAPIJSON? {
        var found: XAPIJSON?
        try forEachMember { scanner, key throws(JSONSyntaxError) in
            if key == name { found = try scanner.scalar() }
        }
        return found
    }

    /// The next value whole, as the tree holds it: for rows read by path, and a field whose exact shape matters.
    public mutating func value() throws(JSONSyntaxError) -> XAPIJSON {
        parser.skipWhitespace()
        return try parser.parseValue()
    }

    /// Skips the next value, checking its syntax.
    public mutating func skipValue() throws(JSONSyntaxError) {
        parser.skipWhitespace()
        guard parser.i < parser.bytes.count else { throw parser.fail("unexpected end of data") }
        switch parser.bytes[parser.i] {
        case UInt8(ascii: "{"): try skipContainer(close: UInt8(ascii: "}"), members: true)
        case UInt8(ascii: "["): try skipContainer(close: UInt8(ascii: "]"), members: false)
        case UInt8(ascii: "\""): try skipString()
        default: _ = try parser.parseValue()  // a number, true, false, null, or the error
        }
    }

    // MARK: - Skipping

    private mutating func skipContainer(close: UInt8, members: Bool) throws(JSONSyntaxError) {
        try parser.enter()
        defer { parser.depth -= 1 }
        parser.i += 1
        parser.skipWhitespace()
        if parser.peek(close) { parser.i += 1; return }
        while true {
            parser.skipWhitespace()
            if members {
                guard parser.peek(UInt8(ascii: "\"")) else { throw parser.fail("expected a key") }
                try skipString()
                parser.skipWhitespace()
                guard parser.peek(UInt8(ascii: ":")) else { throw parser.fail("expected ':'") }
                parser.i += 1
            }
            try skipValue()
            parser.skipWhitespace()
            if parser.peek(UInt8(ascii: ",")) { parser.i += 1; continue }
            if parser.peek(close) { parser.i += 1; return }
            throw parser.fail(members ? "expected ',' or '}'" : "expected ',' or ']'")
        }
    }

    /// A string's syntax (control characters, escapes), without decoding it. Lenient: a lone surrogate is no error.
    private mutating func skipString() throws(JSONSyntaxError) {
        let bytes = parser.bytes
        var i = parser.i + 1
        defer { parser.i = i }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { i += 1; return }
            guard b >= 0x20 else { parser.i = i; throw parser.fail("control character in a string") }
            guard b == UInt8(ascii: "\\") else { i += 1; continue }
            i += 1
            guard i < bytes.count else { break }
            switch bytes[i] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                i += 1
            case UInt8(ascii: "u"):
                parser.i = i + 1
                _ = try parser.hex4()
                i = parser.i
            default:
                parser.i = i
                throw parser.fail("invalid escape")
            }
        }
        parser.i = i
        throw parser.fail("unterminated string")
    }

    /// A member's key, compared in place when it has no escape (the usual case).
    private mutating func readKey() throws(JSONSyntaxError) -> JSONKey {
        guard parser.peek(UInt8(ascii: "\"")) else { throw parser.fail("expected a key") }
        let bytes = parser.bytes
        let start = parser.i + 1
        var i = start
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            parser.i = i + 1
            return JSONKey(raw: UnsafeBufferPointer(rebasing: bytes[start..<i]), decoded: nil)
        }
        return JSONKey(raw: UnsafeBufferPointer(start: nil, count: 0), decoded: try parser.parseString())
    }
}

/// A member's name as `JSONScanner` meets it: valid only inside the member's callback.
public struct JSONKey {
    let raw: UnsafeBufferPointer<UInt8>
    /// Set when the key had escapes (then `raw` is empty).
    let decoded: String?

    public static func == (key: JSONKey, name: StaticString) -> Bool {
        if let decoded = key.decoded {
            return name.withUTF8Buffer { decoded.utf8.elementsEqual($0) }
        }
        // withUTF8Buffer, not utf8Start: a one-character literal may be stored as a scalar, without a pointer.
        return name.withUTF8Buffer { name in
            name.count == key.raw.count && (name.count == 0 || memcmp(key.raw.baseAddress!, name.baseAddress!, name.count) == 0)
        }
    }

    /// `switch key { case "urn": … }`
    public static func ~= (name: StaticString, key: JSONKey) -> Bool { key == name }

    /// The key as text (for messages and tests).
    public var text: String { decoded ?? String(decoding: raw, as: UTF8.self) }
}
