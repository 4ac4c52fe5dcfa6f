import Foundation
import Testing

/// Every error of the Foundation issue: a message on stderr that says what to do, a non-zero exit,
/// no stack trace, nothing half-written.
@Suite struct CLIErrorTests {
    @Test(arguments: [
        (["integration", "show", "42"], "no integration with id 42; list them with: coursebridge integration list"),
        (["integration", "add", "linkedin", "--group", "9", "--author", "admin@acme.example"], "no group with id 9"),
        (["integration", "add", "udemy", "--group", "1", "--author", "admin@acme.example"],
         "unknown provider 'udemy': use one of linkedin, coursera, edx, skillsoft"),
        (["user", "add", "--email", "ADMIN@ACME.EXAMPLE"], "duplicate email: a user with email ADMIN@ACME.EXAMPLE already exists"),
        (["user", "add", "--email", "not-an-email"], "bad email 'not-an-email'"),
        (["integration", "learner-id", "1", "phone"], "invalid learner identification 'phone': use one of email, username, external-id"),
        (["integration", "schedule", "1", "--at", "25:00"], "invalid time '25:00'"),
        (["integration", "schedule", "1", "--at", "08:10", "--tz", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
        (["integration", "add", "linkedin", "--group", "1", "--author", "admin@acme.example"],
         "group 1 already has an active LinkedIn Learning integration (id 1)"),
        (["group", "member", "add", "1", "admin@acme.example", "--role", "owner"], "invalid role 'owner'"),
        (["courses", "--status", "deleted"], "invalid status 'deleted': use one of active, archived"),
    ])
    func refusal(arguments: [String], message: String) throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        let result = try cli.run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "stderr was: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"))
    }

    /// Errors quote what was typed; escape sequences in it are shown inert, never sent to the terminal.
    @Test(arguments: [
        ["user", "add", "--email", "x\u{1B}]0;owned\u{07}\u{1B}[2J@c.example"],
        ["user", "add", "--email", "bad\u{1B}[2J"],
        ["group", "member", "add", "1", "nobody\u{1B}[2J@x.example", "--role", "learner"],
        ["courses", "--search", "\u{1B}[;\u{07}\u{1B}]"],
        ["courses", "--search", "\u{9B}\u{07}"],
    ])
    func escapeSequencesInInputAreShownInert(_ arguments: [String]) throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        let r = try cli.run(arguments)
        #expect(r.status != 0, "refused: \(r.stdout)")
        #expect(r.stderr.hasPrefix("Error: "), "\(r.stderr)")
        for output in [r.stdout, r.stderr] {
            #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }, "\(output.debugDescription)")
        }
    }

    @Test func aFileThatIsNotSQLiteIsLeftAlone() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let notes = Data("shopping list\n".utf8)
        FileManager.default.createFile(atPath: cli.db, contents: notes)
        let result = try cli.run(["group", "list"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("is not a CourseBridge database (not SQLite)"))
        #expect(FileManager.default.contents(atPath: cli.db) == notes)
    }

    @Test func aDatabaseFromANewerVersionIsRefused() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        // Simulate a future CourseBridge having migrated the file.
        try FutureSchema.mark(cli.db)
        let result = try cli.run(["group", "list"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("was written by a newer CourseBridge; upgrade coursebridge"))
    }

    @Test func aReadOnlyPathIsRefused() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["--db", "/sys/cb.sqlite", "group", "list"], useDefaultDb: false)
        #expect(result.status != 0)
        #expect(result.stderr.contains("/sys/cb.sqlite cannot be written (read-only file or folder)"))
    }

    @Test func credentialsWithUnknownOrMissingKeysListTheExpectedKeys() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed(provider: "skillsoft")
        let unknown = try cli.run(["integration", "credentials", "1"], stdin: "organization_id=o\nbearer_token=t\ntenant_url=u\npassword=p\n")
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown credential key(s) password for Skillsoft Percipio; expected keys: organization_id bearer_token tenant_url"))
        let missing = try cli.run(["integration", "credentials", "1"], stdin: "organization_id=o\n")
        #expect(missing.stderr.contains("missing credential key(s) bearer_token, tenant_url"))
        let show = try cli.run(["integration", "show", "1"])
        #expect(show.stdout.contains("credentials:     missing"), "nothing half-written")
    }
}
