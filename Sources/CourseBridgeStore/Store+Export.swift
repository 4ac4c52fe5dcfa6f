import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

/// Reading whole tables for `coursebridge migrate`, which copies a SQLite database to PostgreSQL as it is.
extension Store {
    /// The table's column names, in order.
    public func columns(ofTable table: String) throws(StoreError) -> [String] {
        try read { db in try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]).map { $0["name"] } }
    }

    /// Every row of `table` (the given column expressions — quoted names, or `rowid` — in `orderBy` order), handed to
    /// `each` in batches as they are read.
    public func exportRows(table: String, columns: [String], orderBy: String, batch: Int = 1_000,
                           _ each: @Sendable ([[TableValue]]) throws -> Void) throws(StoreError) {
        let list = columns.joined(separator: ", ")
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT \(list) FROM \"\(table)\" ORDER BY \(orderBy)")
            var rows: [[TableValue]] = []
            rows.reserveCapacity(batch)
            while let row = try cursor.next() {
                rows.append(row.databaseValues.map(Self.tableValue))
                if rows.count == batch {
                    try each(rows)
                    rows.removeAll(keepingCapacity: true)
                }
            }
            if !rows.isEmpty { try each(rows) }
        }
    }

    static func tableValue(_ value: DatabaseValue) -> TableValue {
        switch value.storage {
        case .null: .null
        case .int64(let i): .integer(i)
        case .double(let d): .real(d)
        case .string(let s): .text(s)
        case .blob(let b): .blob(b)
        }
    }
}
