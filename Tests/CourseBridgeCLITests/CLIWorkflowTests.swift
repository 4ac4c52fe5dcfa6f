import Foundation
import Testing

/// The configuration workflow through the real binary: what an administrator types and reads.
@Suite struct CLIWorkflowTests {
    @Test func setUpAnIntegrationWithoutEverPrintingTheSecret() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        let secret = "li-secret-\(UUID().uuidString)"
        let saved = try cli.run(["integration", "credentials", "1"], stdin: "# from the LinkedIn admin\nclient_id=app-42\nclient_secret=\(secret)\n")
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stdout.contains("credentials of integration 1 saved (encrypted)"))

        let show = try cli.run(["integration", "show", "1"])
        #expect(show.stdout.contains("client_id: app-42"))
        #expect(show.stdout.contains("client_secret: ••••••••"))
        let json = try cli.run(["integration", "show", "1", "--json"])
        let list = try cli.run(["integration", "list", "--json"])
        for output in [saved.stdout, saved.stderr, show.stdout, json.stdout, list.stdout] {
            #expect(!output.contains(secret))
        }
        for file in [cli.db, cli.db + "-wal"] {
            let bytes = FileManager.default.contents(atPath: file) ?? Data()
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "plaintext secret in \(file)")
        }
    }

    @Test func webhookSecretIsShownOnceThenKeptAsAHashAndRotates() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        let first = try cli.run(["integration", "webhook", "1"])
        let secretLine = try #require(first.stdout.split(separator: "\n").first { $0.hasPrefix("client secret:") })
        let secret = secretLine.split(separator: " ").last.map(String.init) ?? ""
        #expect(secret.count >= 40)
        #expect(first.stdout.contains("shown once: copy it now"))
        let again = try cli.run(["integration", "webhook", "1"])
        #expect(!again.stdout.contains(secret))
        #expect(again.stdout.contains("client secret: stored as a hash; rotate to get a new one"))
        let reveal = try cli.run(["integration", "webhook", "1", "--reveal"])
        #expect(reveal.status != 0)
        #expect(!reveal.stdout.contains(secret))
        #expect(reveal.stderr.contains("stored as a hash and cannot be shown again"))
        let rotated = try cli.run(["integration", "webhook", "1", "--rotate"])
        #expect(rotated.stdout.contains("the secret was rotated"))
        #expect(!rotated.stdout.contains(secret))
    }

    @Test func pulledProvidersHaveNoWebhook() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed(provider: "coursera")
        let result = try cli.run(["integration", "webhook", "1"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Coursera statistics are pulled daily"))
    }

    @Test func settingsShowInIntegrationShow() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed(provider: "skillsoft")
        #expect(try cli.run(["integration", "learner-id", "1", "external-id"]).stdout
            .contains("identifies learners by External Identifier (actor.account.name)"))
        #expect(try cli.run(["integration", "tags", "1", "off"]).stdout.contains("synced tags are removed at the next sync; manual tags stay"))
        #expect(try cli.run(["integration", "schedule", "1", "--at", "06:30", "--tz", "America/New_York"]).status == 0)
        let show = try cli.run(["integration", "show", "1"]).stdout
        #expect(show.contains("Skillsoft Percipio on group 1 (active)"))
        #expect(show.contains("daily at 06:30 America/New_York"))
        #expect(show.contains("learner id:      external-id"))
        #expect(try cli.run(["integration", "deactivate", "1", "--yes"]).stdout.contains("deactivated: 0 courses archived, learner data kept"))
        #expect(try cli.run(["integration", "show", "1"]).stdout.contains("(deactivated)"))
    }

    @Test func defaultSchedulesFollowTheSeeds() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed(provider: "linkedin")
        try cli.run(["integration", "add", "skillsoft", "--group", "1", "--author", "admin@acme.example"])
        let list = try cli.run(["integration", "list"]).stdout
        #expect(list.contains("08:10 Europe/Paris"), "LinkedIn: daily 08:10 CET")
        #expect(list.contains("06:00 Europe/Paris"), "Skillsoft: daily 06:00 CET")
    }

    @Test func dbOptionWorksBeforeOrAfterTheSubcommandAndFromTheEnvironment() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.run(["group", "add", "Before"])
        try cli.run(["group", "add", "After", "--db", cli.db], useDefaultDb: false)
        try cli.run(["group", "add", "Env"], environment: ["COURSEBRIDGE_DB": cli.db], useDefaultDb: false)
        let names = try cli.run(["group", "list", "--json"]).stdout
        #expect(names.contains("Before") && names.contains("After") && names.contains("Env"))
    }

    @Test func importIsAllOrNothingWithLineNumbers() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let bad = cli.directory + "/bad.csv"
        try """
        email,username,external_id,name
        ann@x.example,ann,E1,Ann
        "bob@x.example",bob,E1,"Bob, Jr."
        broken-email,carl,,Carl
        ANN@X.EXAMPLE,ann2,,Ann again
        ,dora,,Dora
        """.write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try cli.run(["user", "import", bad])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("nothing was imported: 3 bad rows"))
        #expect(refused.stderr.contains("line 4: bad email 'broken-email'"))
        #expect(refused.stderr.contains("line 5: duplicate email ANN@X.EXAMPLE (also on line 2)"))
        #expect(refused.stderr.contains("line 6: missing email"))
        #expect(try cli.run(["user", "list", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]")

        let good = cli.directory + "/good.csv"
        try "name,email,external_id\nAnn,ann@x.example,E1\n\"Bob, Jr.\",bob@x.example,E1\n".write(toFile: good, atomically: true, encoding: .utf8)
        let imported = try cli.run(["user", "import", good])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 2 users"))
        #expect(try cli.run(["user", "list"]).stdout.contains("Bob, Jr."))
    }

    @Test func importNamesAMissingEmailColumn() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let file = cli.directory + "/x.csv"
        try "mail,username\na@x.example,a\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try cli.run(["user", "import", file])
        #expect(result.stderr.contains("has no 'email' column"))
    }

    @Test func titlesCannotDriveTheTerminal() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.run(["group", "add", "Evil\u{1B}[2J\u{1B}]0;pwned\u{07}Group"])
        let list = try cli.run(["group", "list"]).stdout
        #expect(!list.contains("\u{1B}"))
        #expect(list.contains("Evil\u{FFFD}[2J"))
    }
}
