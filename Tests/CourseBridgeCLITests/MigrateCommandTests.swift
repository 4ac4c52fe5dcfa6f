import Foundation
import GRDB
import Testing

/// The PostgreSQL server of the test run (scripts/test.sh starts one), if any.
let testPostgresServer: String? = ProcessInfo.processInfo.environment["COURSEBRIDGE_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

/// `coursebridge migrate --to postgres://…` (issue 16): a SQLite database copied into an empty PostgreSQL database,
/// every table verified, and a database that already holds data refused. Needs COURSEBRIDGE_TEST_POSTGRES.
@Suite(.serialized, .enabled(if: testPostgresServer != nil, "COURSEBRIDGE_TEST_POSTGRES is unset: start one with scripts/pg.sh start"))
struct MigrateCommandTests {
    static let server = testPostgresServer

    /// A new, empty database on the test server; its URL.
    private func freshDatabase(_ cli: CLI) throws -> String {
        let server = try #require(Self.server)
        let name = "cbmig_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        psql.arguments = [server, "-qc", "CREATE DATABASE \(name)"]
        try psql.run()
        psql.waitUntilExit()
        #expect(psql.terminationStatus == 0)
        return String(server[..<server.lastIndex(of: "/")!]) + "/" + name
    }

    /// One value read with psql.
    private func psql(_ url: String, _ sql: String) throws -> String {
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        psql.arguments = [url, "-qAtc", sql]
        let out = Pipe()
        psql.standardOutput = out
        try psql.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        psql.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aDatabaseIsCopiedWithEveryTableVerifiedAndAFullTargetIsRefused() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        try cli.run(["integration", "credentials", "1"], stdin: "client_id=li-app\nclient_secret=s3cr3t\n")
        try cli.run(["integration", "webhook", "1"])
        let target = try freshDatabase(cli)

        let migrated = try cli.run(["migrate", "--to", target])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let tables = migrated.stdout.split(separator: "\n").filter { $0.contains(" rows ") }
        #expect(tables.count == 22, "every copied table is checked:\n\(migrated.stdout)")
        #expect(tables.allSatisfy { $0.hasSuffix("checksum ok") }, "\(migrated.stdout)")
        #expect(migrated.stdout.contains("integration          1 rows  checksum ok"))
        #expect(migrated.stdout.contains("secrets stay sealed with the key of"))
        #expect(!migrated.stdout.contains("s3cr3t") && !migrated.stderr.contains("s3cr3t"), "a secret is never printed")
        // PostgreSQL's planner has statistics for the copied tables before the first instance starts.
        #expect(migrated.stderr.contains("analyzed the copied tables (VACUUM ANALYZE)"))
        #expect(try psql(target, "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('course', 'statement') AND last_analyze IS NOT NULL") == "2")

        let again = try cli.run(["migrate", "--to", target])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already holds data; migrate copies into an empty database only (nothing was written)"))
    }

    /// Found by following the README from the demo to a cluster: every statement pushed after the migration got 409
    /// "already exists (statement_by_seq)", since `statement.seq` (SQLite's rowid, an identity column on PostgreSQL)
    /// was copied but its sequence still started at 1.
    @Test func rowsAddedAfterTheMigrationContinueAfterTheCopiedOnes() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        let source = try DatabaseQueue(path: cli.db)
        try source.write { db in
            for n in 1...3 {
                try db.execute(sql: """
                    INSERT INTO statement(integration_id, statement_id, received_at, body, content_hash, outcome)
                    VALUES (1, ?, 0, '{}', 'h', 'pending')
                    """, arguments: ["before-\(n)"])
            }
        }
        try source.close()
        let target = try freshDatabase(cli)
        #expect(try cli.run(["migrate", "--to", target]).status == 0)

        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        psql.arguments = [target, "-v", "ON_ERROR_STOP=1", "-qc", """
            INSERT INTO statement(integration_id, statement_id, received_at, body, content_hash, outcome)
            VALUES (1, 'after', 0, '{}', 'h', 'pending')
            """]
        try psql.run()
        psql.waitUntilExit()
        #expect(psql.terminationStatus == 0, "a statement stored after the migration gets the next seq")
    }

    @Test func theTargetAndSourceMustBeTheRightKinds() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        let wrongTarget = try cli.run(["migrate", "--to", cli.directory + "/other.sqlite"])
        #expect(wrongTarget.status != 0 && wrongTarget.stderr.contains("--to must be postgres://USER@HOST:PORT/DB"))
        let wrongSource = try cli.run(["--db", try #require(Self.server), "migrate", "--to", try #require(Self.server)], useDefaultDb: false)
        #expect(wrongSource.status != 0 && wrongSource.stderr.contains("--db must name the SQLite file to copy"))
    }
}
