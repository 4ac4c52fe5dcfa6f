import Foundation

/// One cell of a table copied from one backend to another (`coursebridge migrate`): the five kinds of value both
/// schemas store. Sealed secrets travel as blobs, untouched.
public enum TableValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// The tables `migrate` copies, parents before children, and their order key. Derived tables (the search index,
/// the learner summary) are rebuilt by the target; sync leases and migration bookkeeping are not data.
public enum CopiedTables {
    public static let ordered: [(name: String, orderBy: String)] = [
        ("group", "id"), ("user", "id"), ("membership", "group_id, user_id"), ("integration", "id"), ("course", "id"),
        ("course_translation", "course_id, language"), ("course_tag", "course_id, name, source"), ("course_skill", "course_id, name"),
        ("catalog_entry", "group_id, course_id"), ("library_entry", "group_id, course_id"), ("path", "id"),
        ("path_step", "path_id, position"), ("path_enrollment", "path_id, user_id"), ("attempt", "id"), ("sync_run", "id"),
        ("sync_run_error", "run_id, message, kind"), ("statement", "integration_id, statement_id"), ("webhook_token", "token_hash"),
        ("launch", "id"), ("event", "id"), ("launch_key", "id"), ("secret_key", "id"),
    ]
}

/// A table's checksum as both sides compute it: 64-bit FNV-1a over every row's canonical text, in the
/// table's order, with the row count. Equal on both sides means every value arrived.
public struct TableChecksum: Sendable, Equatable, CustomStringConvertible {
    public private(set) var rows = 0
    private var hash: UInt64 = 0xcbf29ce484222325

    public init() {}

    /// `kinds`: what the target column stores, so an integer kept in a REAL column compares equal to its double.
    public mutating func add(_ row: [TableValue], kinds: [TableValueKind]) {
        rows += 1
        for (value, kind) in zip(row, kinds) {
            mix(Self.canonical(value, as: kind))
            mix("\u{1F}")
        }
        mix("\u{1E}")
    }

    public var description: String { "\(rows) rows, \(String(hash, radix: 16))" }

    private mutating func mix(_ text: String) {
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100000001b3
        }
    }

    static func canonical(_ value: TableValue, as kind: TableValueKind) -> String {
        switch (value, kind) {
        case (.null, _): "∅"
        case (.integer(let i), .real): String(Double(i))
        case (.integer(let i), _): String(i)
        case (.real(let d), .integer) where d == d.rounded(): String(Int64(d))
        case (.real(let d), _): String(d)
        case (.text(let s), _): "t" + s
        case (.blob(let b), _): "b" + b.base64EncodedString()
        }
    }
}

/// What a target column stores.
public enum TableValueKind: Sendable, Equatable { case integer, real, text, blob }
