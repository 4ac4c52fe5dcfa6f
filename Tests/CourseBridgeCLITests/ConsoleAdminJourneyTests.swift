import Foundation
import Testing

/// Issue 17 #3 and #10 in the real console in tmux: the wizard leaves nothing half-made, and the console shows who
/// acts and refuses administrative changes to someone who is not a platform administrator.
@Suite("console admin journeys in tmux", .serialized, .enabled(if: TmuxSession.available))
struct ConsoleAdminJourneyTests {
    private func console(_ cli: CLI, _ extra: String = "") throws -> TmuxSession {
        try TmuxSession(command: "env LANG=C.UTF-8 \(CLI.binary) --db \(cli.db) console --log \(cli.directory)/console.log \(extra)",
                        width: 120, height: 36)
    }

    private func flat(_ tmux: TmuxSession) -> String {
        tmux.screen().split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    private func quit(_ tmux: TmuxSession) -> Bool {
        tmux.send("q")
        return tmux.waitFor("EXIT=0")
    }

    private func integrationCount(_ cli: CLI) throws -> Int {
        let list = try cli.run(["integration", "list", "--json"]).stdout
        return (try? JSONSerialization.jsonObject(with: Data(list.utf8)) as? [Any])?.count ?? -1
    }

    // MARK: - Finding 3

    @Test func theWizardGuidesAFreshDatabaseAndLeavesNothingBehind() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.run(["group", "add", "Init"])

        // A fresh database: the group step says what to run instead of showing an empty list.
        let fresh = CLI()
        defer { fresh.cleanUp() }
        try fresh.run(["user", "add", "--email", "admin@acme.example", "--username", "admin"])
        let first = try console(fresh)
        defer { first.kill() }
        #expect(first.waitFor("No integration yet"), "\(first.screen())")
        first.send("a")
        #expect(first.waitFor("Which provider?"), "\(first.screen())")
        first.send("Enter")
        #expect(first.waitFor("coursebridge group add NAME"), "\(first.screen())")
        let hint = first.screen()
        #expect(hint.contains("coursebridge user add --email EMAIL"))
        #expect(hint.contains("coursebridge group member add NAME EMAIL --role group-admin"))
        first.send("Escape")
        first.send("Escape")
        #expect(quit(first), "\(first.screen())")
        #expect(try integrationCount(fresh) == 0)

        // Groups and an administrator; Acme already has LinkedIn.
        try cli.run(["group", "add", "Sales", "--parent", "1"])
        try cli.run(["user", "add", "--email", "admin@acme.example", "--username", "admin"])
        try cli.run(["group", "member", "add", "1", "admin@acme.example", "--role", "group-admin"])
        try cli.run(["group", "member", "add", "2", "admin@acme.example", "--role", "group-admin"])
        #expect(try cli.run(["integration", "add", "linkedin", "--group", "1", "--author", "admin@acme.example"]).status == 0)

        let tmux = try console(cli)
        defer { tmux.kill() }
        #expect(tmux.waitFor("1 integration"), "\(tmux.screen())")
        tmux.send("a")
        #expect(tmux.waitFor("Which provider?"), "\(tmux.screen())")
        tmux.send("Enter") // LinkedIn
        #expect(tmux.waitFor("Synchronized group:"), "\(tmux.screen())")
        tmux.send("Enter") // Init (group 1) already has LinkedIn: refused here, not after the author
        #expect(tmux.waitFor("already has an active LinkedIn Learning integration"), "\(tmux.screen())")
        #expect(tmux.screen().contains("Synchronized group:"))
        tmux.send("Down")
        tmux.send("Enter") // Sales
        #expect(tmux.waitFor("Author: becomes main author"), "\(tmux.screen())")
        #expect(!tmux.screen().contains("already has an active"), "the refusal does not linger")
        tmux.send("Enter")
        #expect(tmux.waitFor("Credentials of LinkedIn Learning."), "\(tmux.screen())")
        tmux.type("some-client")
        // Esc at step 4 goes back a step, as the footer says; then out of the wizard.
        tmux.send("Escape")
        #expect(tmux.waitFor("Author: becomes main author"), "\(tmux.screen())")
        for _ in 0..<3 { tmux.send("Escape") }
        // Typed credentials are not dropped without asking (Cancel is focused; y leaves).
        #expect(tmux.waitFor("Leave the wizard?"), "\(tmux.screen())")
        tmux.send("y")
        #expect(tmux.waitFor("1 integration"), "\(tmux.screen())")
        #expect(quit(tmux), "\(tmux.screen())")
        #expect(try integrationCount(cli) == 1, "the abandoned wizard left no integration behind")
    }

    // MARK: - Finding 10

    @Test func aLearnerSeesWhoTheyActAsAndCannotStartASyncOrTheWizard() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.run(["group", "add", "Acme"])
        try cli.run(["user", "add", "--email", "admin@acme.example", "--username", "admin"])
        try cli.run(["user", "add", "--email", "learner1@acme.example", "--username", "learner1"])
        try cli.run(["group", "member", "add", "1", "admin@acme.example", "--role", "platform-admin"])
        try cli.run(["group", "member", "add", "1", "learner1@acme.example", "--role", "learner"])
        #expect(try cli.run(["integration", "add", "edx", "--group", "1", "--author", "admin@acme.example"]).status == 0)

        let admin = try console(cli)
        #expect(admin.waitFor("acting as admin@acme.example (platform admin)"), "\(admin.screen())")
        #expect(quit(admin), "\(admin.screen())")
        admin.kill()

        let tmux = try console(cli, "--as learner1@acme.example")
        defer { tmux.kill() }
        #expect(tmux.waitFor("acting as learner1@acme.example (not an administrator)"), "\(tmux.screen())")
        #expect(tmux.waitFor("1 integration"), "\(tmux.screen())")
        tmux.send("s")
        #expect(tmux.waitFor("is not a platform administrator"), "\(tmux.screen())")
        #expect(flat(tmux).contains("learner1@acme.example is not a platform administrator: only a platform administrator may start a sync of integration 1"),
                "\(tmux.screen())")
        tmux.send("a")
        #expect(tmux.waitFor("may create an integration"), "\(tmux.screen())")
        #expect(!tmux.screen().contains("Which provider?"))
        #expect(quit(tmux), "\(tmux.screen())")
        let runs = try cli.run(["runs", "--json"]).stdout
        #expect((try? JSONSerialization.jsonObject(with: Data(runs.utf8)) as? [Any])?.count == 0, "no run was started: \(runs)")
    }
}
