import GRDB

/// Rows of one table for a whole catalog page, inserted a few hundred per statement. A new Percipio course has
/// about seven rows besides its own (catalog and library entries, tags, translations): one statement each was
/// most of the statements a first sync ran, and each statement costs its binding and bookkeeping whatever it
/// inserts. Rows go in the order given, so `OR IGNORE` and `OR REPLACE` keep the same row as one at a time would.
struct MultiRowInsert: Sendable {
    /// `INSERT … INTO table(columns) VALUES `
    let head: String
    /// One row's placeholders, e.g. `(?, ?, 'synced')`.
    let row: String
    /// The statement for a whole batch of rows, built once (it is a few kilobytes of placeholders).
    private let wholeBatchSQL: String
    private let rowsPerStatement: Int

    /// SQLite builds before 3.32 allow 999 bound values per statement: stay under that.
    private static let maxValues = 900

    /// `width`: values bound per row.
    init(head: String, row: String, width: Int) {
        self.head = head
        self.row = row
        rowsPerStatement = Self.maxValues / width
        wholeBatchSQL = Self.sql(head: head, row: row, rows: rowsPerStatement)
    }

    /// Inserts `rows`, each bound by `bind` with as many values as the row's placeholders.
    func execute<Row>(_ db: Database, _ rows: [Row], bind: (inout DirectBinder, Row) -> Void) throws {
        var start = 0
        while start < rows.count {
            let count = min(rowsPerStatement, rows.count - start)
            // Whole batches are compiled once per connection; the last, shorter one of a page is not cached
            // (a page's remainder varies, and each size kept would hold a compiled statement for nothing).
            let statement = try count == rowsPerStatement
                ? db.cachedStatement(sql: wholeBatchSQL)
                : db.makeStatement(sql: Self.sql(head: head, row: row, rows: count))
            try statement.executeDirect { binder in
                for i in start..<start + count { bind(&binder, rows[i]) }
            }
            start += count
        }
    }

    private static func sql(head: String, row: String, rows: Int) -> String {
        head + repeatElement(row, count: rows).joined(separator: ", ")
    }

    static let catalogEntries = MultiRowInsert(head: "INSERT OR IGNORE INTO catalog_entry(group_id, course_id) VALUES ",
                                               row: "(?, ?)", width: 2)
    static let libraryEntries = MultiRowInsert(head: "INSERT OR IGNORE INTO library_entry(group_id, course_id) VALUES ",
                                               row: "(?, ?)", width: 2)
    static let syncedTags = MultiRowInsert(head: "INSERT OR IGNORE INTO course_tag(course_id, name, source) VALUES ",
                                           row: "(?, ?, 'synced')", width: 2)
    static let translations = MultiRowInsert(head: "INSERT OR REPLACE INTO course_translation(course_id, language, title, description) VALUES ",
                                             row: "(?, ?, ?, ?)", width: 4)
}
