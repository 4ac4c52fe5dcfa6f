import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import Testing

/// `stats --json` is spelled like every other listing's JSON flag (DESIGN §6), and counts read as English.
@Suite struct StatsJSONAndPluralTests {
    @Test func statsJSONFlagIsTheSameAsFormatJSON() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        let store = try Store.open(path: cli.db)
        let integration = try store.integration(id: 1)
        var page = PageWrites()
        page.create([CatalogItem(providerId: "li-1", title: "Swift basics")], tagSync: true)
        try store.apply(page, integration: integration, groups: [1], runId: nil)
        let userId = try #require(try store.user(email: "admin@acme.example").id)
        try store.statisticsTransaction { try $0.saveAttempts([Attempt(userId: userId, courseId: 1, startedAt: Date(timeIntervalSince1970: 1_700_000_000))]) }

        let flag = try cli.run(["stats", "--json"])
        let format = try cli.run(["stats", "--format", "json"])
        #expect(flag.status == 0, "\(flag.stderr)")
        #expect(flag.stdout == format.stdout)
        #expect(flag.stdout.contains("Swift basics"))

        let both = try cli.run(["stats", "--json", "--format", "csv"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("--json and --format csv ask for different outputs"))
    }

    @Test func oneUserImportedIsSingular() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let file = cli.directory + "/one.csv"
        try "email,name\nann@x.example,Ann\n".write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try cli.run(["user", "import", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 1 user from"), "\(imported.stdout)")
    }
}

@Suite struct PluralTests {
    @Test func countsReadAsEnglish() {
        #expect(Plural.count(1, "learner") == "1 learner")
        #expect(Plural.count(0, "learner") == "0 learners")
        #expect(Plural.count(2, "entry", "entries") == "2 entries")
    }
}
