import ArgumentParser
import CourseBridgeData
import CourseBridgePostgres
import CourseBridgeStore
import Foundation

/// `coursebridge --db OLD.sqlite migrate --to postgres://…`: copies a SQLite database into an empty PostgreSQL one
/// in one transaction — ids kept, secrets still sealed with the same key — then checks every table's row count and
/// checksum on both sides.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Copy this SQLite database to an empty PostgreSQL database, and verify the copy.",
        discussion: """
            The source is --db (a SQLite file); the target must hold no data. Secrets stay sealed with the source's key: \
            give every instance that key (COURSEBRIDGE_KEY_FILE=OLD.sqlite.key, or COURSEBRIDGE_SECRET_KEY). The password of \
            the target comes from $PGPASSWORD, never from the command line.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("to"), help: ArgumentHelp("The target, postgres://USER@HOST:PORT/DB.", valueName: "url"))
    var target: String

    func run() throws {
        let path = global.databasePath
        guard !PostgresURL.looksLikePostgres(path) else { throw CLIError("--db must name the SQLite file to copy; --to names the PostgreSQL target") }
        guard PostgresURL.looksLikePostgres(target) else { throw CLIError("--to must be postgres://USER@HOST:PORT/DB") }
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError("no database at \(path)") }
        let source = try reportingErrors { try Store.open(path: path) }
        let destination = try reportingErrors { try PostgresStore.open(url: target, secrets: source.secrets) }
        defer { destination.close() }
        guard try reportingErrors({ try destination.holdsNoData() }) else {
            throw CLIError("\(destination.location) already holds data; migrate copies into an empty database only (nothing was written)")
        }
        let plan = try reportingErrors { try TablePlan.make(source: source, target: destination) }
        try reportingErrors {
            try destination.importing { writer in
                nonisolated(unsafe) let writer = writer
                for table in plan {
                    let copied = Counter()
                    try source.exportRows(table: table.name, columns: table.sourceExpressions, orderBy: table.orderBy) { rows in
                        try writer.insert(table: table.name, columns: table.targetColumns, kinds: table.kinds, rows: rows)
                        copied.add(rows.count)
                    }
                    FileHandle.standardError.write(Data("copied \(table.name): \(copied.value) row\(copied.value == 1 ? "" : "s")\n".utf8))
                }
            }
        }
        let started = Date()
        try reportingErrors { try destination.analyzeCopiedTables() }
        FileHandle.standardError.write(Data(String(format: "analyzed the copied tables (VACUUM ANALYZE): %.1f s\n",
                                                   Date().timeIntervalSince(started)).utf8))
        var mismatches: [String] = []
        for table in plan {
            let expected = LockedChecksum()
            try reportingErrors {
                try source.exportRows(table: table.name, columns: table.sourceExpressions, orderBy: table.orderBy) { rows in
                    for row in rows { expected.add(row, kinds: table.kinds) }
                }
            }
            let found = try reportingErrors {
                try destination.checksum(table: table.name, columns: table.targetColumns, kinds: table.kinds, orderBy: table.orderBy)
            }
            let ok = expected.value == found
            if !ok { mismatches.append(table.name) }
            print("\(table.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(found.rows) rows  \(ok ? "checksum ok" : "MISMATCH (source \(expected.value))")")
        }
        guard mismatches.isEmpty else {
            throw CLIError("the copy differs in \(mismatches.joined(separator: ", ")); drop the target database's tables and migrate again")
        }
        print("migrated \(path) to \(destination.location); secrets stay sealed with the key of \(path) "
              + "(\(Store.keyPath(forDatabase: path)) or $\(SecretBox.environmentVariable)): give it to every instance")
    }
}

/// Which columns of each table travel, and what the target stores in each.
struct TablePlan {
    var name: String
    var orderBy: String
    var sourceExpressions: [String]
    var targetColumns: [String]
    var kinds: [TableValueKind]

    /// Every target column must come from the source (SQLite's arrival order, `rowid`, fills a `sequence` column);
    /// a source column the target lacks would be lost, so it stops the migration before anything is written.
    static func make(source: Store, target: PostgresStore) throws -> [TablePlan] {
        try CopiedTables.ordered.map { table in
            let sourceColumns = try source.columns(ofTable: table.name)
            let kinds = try target.columnKinds(ofTable: table.name)
            guard !kinds.isEmpty else { throw CLIError("the target has no table \(table.name): is its schema from another version?") }
            if let lost = sourceColumns.first(where: { kinds[$0] == nil }) {
                throw CLIError("the target's \(table.name) has no column \(lost): its schema is older than the source's; upgrade coursebridge")
            }
            var plan = TablePlan(name: table.name, orderBy: table.orderBy, sourceExpressions: [], targetColumns: [], kinds: [])
            for column in kinds.keys.sorted() {
                if sourceColumns.contains(column) {
                    plan.sourceExpressions.append("\"\(column)\"")
                } else if column == "sequence" || column == "seq" {
                    plan.sourceExpressions.append("rowid")
                } else {
                    continue  // a column only the target has: its default applies
                }
                plan.targetColumns.append(column)
                plan.kinds.append(kinds[column]!)
            }
            return plan
        }
    }
}

private final class Counter: @unchecked Sendable {  // written by one reading thread at a time
    private(set) var value = 0
    func add(_ n: Int) { value += n }
}

private final class LockedChecksum: @unchecked Sendable {  // written by one reading thread at a time
    private(set) var value = TableChecksum()
    func add(_ row: [TableValue], kinds: [TableValueKind]) { value.add(row, kinds: kinds) }
}
