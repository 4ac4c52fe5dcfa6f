import GRDB

/// Rows of one table for a whole catalog page, inserted a few hundred per statement. A new Percipio course has
/// about seven rows besides its own (catalog and library entries, tags, translations): one statement each was
/// most of the statements a first sync ran, and each statement costs its binding and bookkeeping whatever it
/// inserts. Rows go in the order given, so `OR IGNORE` and `OR REPLACE` keep the same row as one at a time would.
struct MultiRowInsert {
    /// `INSERT … INTO table(columns) VALUES `
    let head: String
    /// One row's placeholders, e.g. `(?, ?, 'synced')`.
    let row: String
    /// Values bound per row.
    let width: Int

    /// SQLite builds before 3.32 allow 999 bound values per statement: stay under that.
    private static let maxValues = 900
    private var rowsPerStatement: Int { Self.maxValues / width }

    /// Inserts `values` (`width` per row, row after row).
    func execute(_ db: Database, _ values: [DatabaseValue]) throws {
        precondition(values.count % width == 0, "\(values.count) values are not whole rows of \(width)")
        var start = 0
        while start < values.count {
            let rows = min(rowsPerStatement, (values.count - start) / width)
            let sql = head + repeatElement(row, count: rows).joined(separator: ", ")
            // Whole statements are compiled once per connection; the last, shorter one of a page is not cached
            // (a page's remainder varies, and each size kept would hold a compiled statement for nothing).
            let statement = try rows == rowsPerStatement ? db.cachedStatement(sql: sql) : db.makeStatement(sql: sql)
            try statement.execute(arguments: StatementArguments(values[start..<start + rows * width]))
            start += rows * width
        }
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
