import Foundation
import Testing

/// Issue 17, finding 4 of the review: a forgotten `--db` silently created an empty database (and key) in the
/// current folder, and the administrator thought their data was gone. The implicit default is never created;
/// `--db` and COURSEBRIDGE_DB name a database on purpose and are created when new.
@Suite struct DatabaseDefaultTests {
    private func files(_ cli: CLI) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: cli.directory)) ?? []).sorted()
    }

    @Test(arguments: [["group", "list"], ["integration", "list"], ["sync", "1"], ["console"], ["serve", "--port", "0"], []])
    func withoutADatabaseHereCommandsRefuseAndCreateNothing(_ arguments: [String]) throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let r = try cli.run(arguments, useDefaultDb: false)
        #expect(r.status != 0)
        #expect(r.stderr.contains("no database at ./coursebridge.sqlite; pass --db PATH (or set COURSEBRIDGE_DB), or create one with: coursebridge init"),
                "\(r.stderr)")
        #expect(files(cli).isEmpty, "no database, no key: \(files(cli))")
    }

    @Test func initCreatesTheDefaultDatabaseAndLaterCommandsUseIt() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let created = try cli.run(["init"], useDefaultDb: false)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("created the database coursebridge.sqlite and its key coursebridge.sqlite.key"), "\(created.stdout)")
        #expect(files(cli).contains("coursebridge.sqlite") && files(cli).contains("coursebridge.sqlite.key"))
        #expect(try cli.run(["group", "add", "Acme"], useDefaultDb: false).status == 0)
        #expect(try cli.run(["group", "list"], useDefaultDb: false).stdout.contains("Acme"))
        let again = try cli.run(["init"], useDefaultDb: false)
        #expect(again.status == 0 && again.stdout.contains("already exists"), "\(again.stdout)")
    }

    @Test func anExplicitPathIsCreatedWhenNew() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run(["--db", "named.sqlite", "group", "add", "A"], useDefaultDb: false).status == 0)
        #expect(try cli.run(["group", "add", "B"], environment: ["COURSEBRIDGE_DB": "env.sqlite"], useDefaultDb: false).status == 0)
        #expect(files(cli).contains("named.sqlite") && files(cli).contains("env.sqlite"))
        #expect(!files(cli).contains("coursebridge.sqlite"))
    }
}
