import CourseBridgeCore
import Foundation

/// A parsed JSON document, read by path. Provider pages are read this way rather than through
/// Codable structs so that one assumed field name lives in one mapping table, and a missing
/// optional field never fails a whole page. The same value type (and byte parser) as xAPI statements.
typealias ProviderJSON = XAPIJSON

extension XAPIJSON {
    /// A provider page, read leniently (invalid UTF-8 replaced, a repeated key keeps its last value).
    static func page(_ data: Data) throws -> XAPIJSON { try parse(data, strict: false) }

    /// Follows a dotted path such as `details.description.value`.
    func at(_ path: String) -> ProviderJSON? {
        var current: ProviderJSON? = self
        for key in path.split(separator: ".") { current = current?[String(key)] }
        return current
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
