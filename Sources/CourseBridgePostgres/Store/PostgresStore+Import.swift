import CourseBridgeCore
import CourseBridgeData
import Foundation
import PostgresNIO

/// Writing whole tables for `coursebridge migrate` (a SQLite database copied as it is: ids kept, secrets still
/// sealed), and reading them back to verify the copy.
extension PostgresStore {
    /// Whether the database holds no platform data: `migrate` refuses to write over anything.
    public func holdsNoData() throws(StoreError) -> Bool {
        try run {
            let rows = try pool.query("""
                SELECT (SELECT count(*) FROM "group") + (SELECT count(*) FROM "user") + (SELECT count(*) FROM integration)
                     + (SELECT count(*) FROM course) + (SELECT count(*) FROM statement) + (SELECT count(*) FROM sync_run) AS n
                """)
            return try (rows.first?.decode(index: 0, as: Int64.self) ?? 0) == 0
        }
    }

    /// The table's columns here and what each stores.
    public func columnKinds(ofTable table: String) throws(StoreError) -> [String: TableValueKind] {
        try run {
            let rows = try pool.query("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = $1
                """, [table])
            var kinds: [String: TableValueKind] = [:]
            for row in rows {
                let type = try row.decode(index: 1, as: String.self)
                kinds[try row.decode(index: 0, as: String.self)] = switch type {
                case "bigint", "integer", "smallint", "boolean": .integer
                case "double precision", "real", "numeric": .real
                case "bytea": .blob
                default: .text
                }
            }
            return kinds
        }
    }

    /// Runs `body` in one transaction: the whole copy is written, or nothing is.
    public func importing(_ body: (TableWriter) throws -> Void) throws(StoreError) {
        try run {
            try pool.transaction { tx in
                // Opening the target recorded its key's fingerprint (the source's key) and may have made a launch key:
                // installation rows the copy brings as they were.
                try tx.execute("DELETE FROM secret_key", [])
                try tx.execute("DELETE FROM launch_key", [])
                try body(TableWriter(tx: tx))
                // Ids (and statement.seq, SQLite's rowid) were copied as they were: new rows continue after the highest.
                for (table, _) in CopiedTables.ordered {
                    let identities = try tx.query("""
                        SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()
                          AND table_name = $1 AND is_identity = 'YES'
                        """, [table]).map { try $0.decode(index: 0, as: String.self) }
                    for column in identities {
                        try tx.execute("""
                            SELECT setval(pg_get_serial_sequence('"\(table)"', '\(column)'),
                                          COALESCE((SELECT MAX("\(column)") FROM "\(table)"), 0) + 1, false)
                            """, [])
                    }
                }
                _ = try tx.query("SELECT course_search_refresh()", [])
            }
        }
    }

    /// After a copy: PostgreSQL's planner statistics and visibility map for the copied tables, as PostgreSQL's manual
    /// advises after a bulk load, so the first instances do not plan for empty tables until autovacuum comes by. (The
    /// statements benchmark's first round on a migrated database stayed as slow with it: that round is the learners'
    /// first attempts being created, not the plans.)
    public func analyzeCopiedTables() throws(StoreError) {
        let tables = CopiedTables.ordered.map { "\"\($0.name)\"" }.joined(separator: ", ")
        try run { _ = try pool.execute("VACUUM (ANALYZE) \(tables)", []) }
    }

    /// The checksum of `table` as stored here, in `orderBy` order.
    public func checksum(table: String, columns: [String], kinds: [TableValueKind], orderBy: String) throws(StoreError) -> TableChecksum {
        try run {
            var sum = TableChecksum()
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            for row in try pool.query("SELECT \(list) FROM \"\(table)\" ORDER BY \(orderBy)") {
                var values: [TableValue] = []
                values.reserveCapacity(kinds.count)
                for (index, kind) in kinds.enumerated() {
                    values.append(try Self.value(row, index, kind))
                }
                sum.add(values, kinds: kinds)
            }
            return sum
        }
    }

    static func value(_ row: PostgresRow, _ index: Int, _ kind: TableValueKind) throws -> TableValue {
        switch kind {
        case .integer: try row.decode(index: index, as: Int64?.self).map(TableValue.integer) ?? .null
        case .real: try row.decode(index: index, as: Double?.self).map(TableValue.real) ?? .null
        case .text: try row.decode(index: index, as: String?.self).map(TableValue.text) ?? .null
        case .blob: try row.decode(index: index, as: Data?.self).map(TableValue.blob) ?? .null
        }
    }
}

/// Inserts copied rows inside `PostgresStore.importing`, many rows per statement.
public struct TableWriter {
    let tx: PostgresTransaction

    public func insert(table: String, columns: [String], kinds: [TableValueKind], rows: [[TableValue]]) throws {
        guard !rows.isEmpty else { return }
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        // PostgreSQL takes at most 65,535 parameters per statement.
        let perStatement = max(1, 30_000 / max(1, columns.count))
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + perStatement, rows.count)]
            var binds: [PostgresBind?] = []
            binds.reserveCapacity(chunk.count * columns.count)
            var tuples: [String] = []
            for row in chunk {
                var placeholders: [String] = []
                for (value, kind) in zip(row, kinds) {
                    binds.append(Self.bind(value, as: kind))
                    placeholders.append("$\(binds.count)")
                }
                tuples.append("(" + placeholders.joined(separator: ",") + ")")
            }
            try tx.execute("INSERT INTO \"\(table)\" (\(list)) OVERRIDING SYSTEM VALUE VALUES \(tuples.joined(separator: ","))", binds)
            start += chunk.count
        }
    }

    /// A value in the target column's kind (SQLite keeps an integer in a REAL column as an integer).
    static func bind(_ value: TableValue, as kind: TableValueKind) -> PostgresBind? {
        switch (value, kind) {
        case (.null, _): nil
        case (.integer(let i), .real): Double(i)
        case (.integer(let i), .text): String(i)
        case (.integer(let i), _): i
        case (.real(let d), .integer): Int64(d)
        case (.real(let d), _): d
        case (.text(let s), .blob): Data(s.utf8)
        case (.text(let s), _): s
        case (.blob(let b), .text): String(decoding: b, as: UTF8.self)
        case (.blob(let b), _): b
        }
    }
}
