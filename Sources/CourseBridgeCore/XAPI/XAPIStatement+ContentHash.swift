import Foundation

/// Idempotency of statement ids (xAPI 1.0.3, Data 2.3.1): a statement whose id is already stored is a
/// duplicate when its content matches the stored one (accepted once), and a conflict (409) otherwise.
public enum XAPIStatementReplay: Equatable, Sendable {
    case new
    case duplicate
    case conflict

    public static func classify(_ incoming: XAPIStatement, storedContentHash: String?) -> XAPIStatementReplay {
        guard let storedContentHash else { return .new }
        return storedContentHash == incoming.contentHash ? .duplicate : .conflict
    }
}

extension XAPIStatement {
    /// Properties an LRS assigns or may rewrite: their differences do not make two statements differ.
    static let ignoredForComparison: Set<String> = ["id", "authority", "stored", "version", "attachments"]

    /// The statement's content in canonical text: sorted keys, no nulls, the properties above left out,
    /// the timestamp as an instant (so `+0000` and `Z` compare equal), Group members in a fixed order.
    public var canonicalContent: String { String(decoding: canonicalContentBytes, as: UTF8.self) }

    /// `canonicalContent`'s UTF-8, written from the statement's own members (no copy of its tree).
    var canonicalContentBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        guard case .object(let fields) = raw else {
            raw.appendCanonicalBytes(to: &out, comparing: false)
            return out
        }
        let instant = timestamp.map { XAPIJSON.number(($0.timeIntervalSince1970 * 1000).rounded()) }
        var members: [(key: String, value: XAPIJSON)] = []
        members.reserveCapacity(fields.count + 1)
        for (key, value) in fields where !Self.ignoredForComparison.contains(key) {
            members.append((key, key == "timestamp" ? instant ?? value : value))
        }
        if let instant, fields["timestamp"] == nil { members.append(("timestamp", instant)) }
        XAPIJSON.appendCanonicalObject(members.sorted { $0.key < $1.key }, to: &out, comparing: true)
        return out
    }

    /// 16 hex digits (FNV-1a 64) of `canonicalContent`: compared only between statements of one id.
    public var contentHash: String {
        var hash = FNV1a64()
        hash.add(bytes: canonicalContentBytes)
        let digits = String(hash.value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The statement as stored: its canonical text with `id` as its id (a generated one included).
    public func canonicalText(withId id: String) -> String {
        guard case .object(let fields) = raw else { return raw.canonicalText }
        var members: [(key: String, value: XAPIJSON)] = [("id", .string(id))]
        members.reserveCapacity(fields.count + 1)
        for (key, value) in fields where key != "id" { members.append((key, value)) }
        var out: [UInt8] = []
        out.reserveCapacity(512)
        XAPIJSON.appendCanonicalObject(members.sorted { $0.key < $1.key }, to: &out, comparing: false)
        return String(decoding: out, as: UTF8.self)
    }

    /// Null properties left out, a Group's members sorted: the definition of the text
    /// `appendCanonicalText(to:comparing: true)` writes (kept for the tests that compare them).
    static func normalized(_ value: XAPIJSON) -> XAPIJSON {
        switch value {
        case .object(let fields):
            var out: [String: XAPIJSON] = [:]
            for (key, v) in fields where v != .null {
                out[key] = normalized(v)
            }
            // A Group's members are a set.
            if out["objectType"] == .string("Group"), case .array(let members)? = out["member"] {
                out["member"] = .array(members.sorted { $0.canonicalText < $1.canonicalText })
            }
            return .object(out)
        case .array(let items):
            return .array(items.map(normalized))
        default:
            return value
        }
    }
}
