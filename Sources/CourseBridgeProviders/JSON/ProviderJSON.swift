import Foundation

/// A parsed JSON document, read by path. Provider pages are read this way rather than through
/// Codable structs so that one assumed field name lives in one mapping table, and a missing
/// optional field never fails a whole page.
enum ProviderJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ProviderJSON])
    case object([String: ProviderJSON])

    /// Parsed straight from UTF-8 bytes: Foundation's parsers cost a Decodable walk or NSDictionary
    /// bridging per value, which made parsing most of a sync's time (see BENCHMARKS.md).
    static func parse(_ data: Data) throws -> ProviderJSON {
        try data.withUnsafeBytes { raw in
            var parser = ProviderJSONParser(bytes: raw.bindMemory(to: UInt8.self))
            return try parser.parseDocument()
        }
    }

    // MARK: - Access

    subscript(key: String) -> ProviderJSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

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
        case .string(let s): Double(s.trimmingCharacters(in: .whitespaces))
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

// MARK: - Decoding

extension ProviderJSON: Decodable {
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([ProviderJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: ProviderJSON].self)) }
    }
}

// MARK: - Encoding

extension ProviderJSON: Encodable {
    func encode(to encoder: Encoder) throws {
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
}
