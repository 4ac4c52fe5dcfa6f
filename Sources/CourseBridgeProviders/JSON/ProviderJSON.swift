import CourseBridgeCore
import Foundation

/// A parsed JSON document, read by path. Provider pages are read this way rather than through
/// Codable structs so that one assumed field name lives in one mapping table, and a missing
/// optional field never fails a whole page. The same value type (and byte parser) as xAPI statements.
typealias ProviderJSON = XAPIJSON

extension XAPIJSON {
    /// A provider page, read leniently (invalid UTF-8 replaced, a repeated key keeps its last value).
    static func page(_ data: Data) throws -> XAPIJSON { try parse(data, strict: false) }

    /// Follows a dotted path such as `details.description.value`. Called for every field of every item, so it walks
    /// the path in place: no array of parts, and each part a small (inline, unallocated) string when it fits.
    func at(_ path: String) -> ProviderJSON? {
        var current = self
        var utf8 = path.utf8[...]
        while let dot = utf8.firstIndex(of: UInt8(ascii: ".")) {
            guard case .object(let object) = current, let next = object[String(path[utf8.startIndex..<dot])] else { return nil }
            current = next
            utf8 = utf8[utf8.index(after: dot)...]
        }
        guard case .object(let object) = current else { return nil }
        return object[utf8.startIndex == path.startIndex ? path : String(path[utf8.startIndex...])]
    }

    var string: String? {
        switch self {
        case .string(let s): s
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        default: nil
        }
    }

    /// A number, or a string holding one (edX writes `expires_in` as `"36000"`).
    var double: Double? {
        switch self {
        case .number(let n): n
        case .string(let s): Double(s.trimmed)
        default: nil
        }
    }

    var int: Int? { double.flatMap { $0.isFinite ? Int($0) : nil } }

    var bool: Bool? {
        switch self {
        case .bool(let b): b
        case .string(let s): ["true": true, "false": false][s.lowercased()]
        default: nil
        }
    }

    var array: [ProviderJSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    var isNull: Bool { self == .null }

    /// Non-empty strings of an array, skipping anything else.
    var strings: [String] { (array ?? []).compactMap { $0.string }.filter { !$0.isEmpty } }
}
