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

    /// The text two statements of one id are compared by, as UTF-8: sorted keys, no nulls, the properties above
    /// left out, the timestamp as an instant (so `+0000` and `Z` compare equal), Group members in a fixed order.
    var canonicalContentBytes: [UInt8] {
        let instant = timestamp.map { XAPIJSON.number(($0.timeIntervalSince1970 * 1000).rounded()) }
        let addedInstant = raw["timestamp"] == nil ? instant.map { (key: "timestamp", value: $0) } : nil
        return canonicalMembers(comparing: true, adding: addedInstant) { key, value in
            Self.ignoredForComparison.contains(key) ? nil : (key == "timestamp" ? instant ?? value : value)
        }
    }

    /// 16 hex digits (FNV-1a 64) of `canonicalContentBytes`: compared only between statements of one id.
    public var contentHash: String {
        var hash = FNV1a64()
        hash.add(bytes: canonicalContentBytes)
        let digits = String(hash.value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The statement as stored: its canonical text with `id` as its id (a generated one included).
    public func canonicalText(withId id: String) -> String {
        let bytes = canonicalMembers(comparing: false, adding: (key: "id", value: .string(id))) { key, value in
            key == "id" ? nil : value
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The statement's top-level members, each kept, replaced or dropped (nil) by `rewrite`, plus `extra`, written
    /// in key order: both texts above, from the statement's own members without a copy of its tree.
    private func canonicalMembers(
        comparing: Bool, adding extra: (key: String, value: XAPIJSON)?, rewrite: (String, XAPIJSON) -> XAPIJSON?
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        guard case .object(let fields) = raw else {
            raw.appendCanonicalBytes(to: &out, comparing: comparing)
            return out
        }
        var members: [(key: String, value: XAPIJSON)] = []
        members.reserveCapacity(fields.count + 1)
        for (key, value) in fields {
            if let kept = rewrite(key, value) { members.append((key, kept)) }
        }
        if let extra { members.append(extra) }
        XAPIJSON.appendCanonicalObject(members.sorted { $0.key < $1.key }, to: &out, comparing: comparing)
        return out
    }

    /// Null properties left out, a Group's members sorted: the definition of the text
    /// `appendCanonicalBytes(to:comparing: true)` writes (kept for the tests that compare them).
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
