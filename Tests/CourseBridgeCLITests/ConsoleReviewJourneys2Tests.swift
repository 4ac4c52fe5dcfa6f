import Foundation
import Testing

/// Issue 17's findings 4–9 and 11 on the real binary in tmux, and what was built beyond them (mouse, copy, delete).
/// Each journey names what the code before its fix did, so it is clear why it would have failed.
@Suite("console review journeys in tmux, part 2", .serialized, .enabled(if: TmuxSession.available))
struct ConsoleReviewJourneys2Tests {
    /// The demo's four integrations synced against the simulator, with one statement push; no console.
    private func demo(_ cli: CLI) throws {
        let r = try cli.run(["demo", "--no-console", "--items", "300"])
        #expect(r.status == 0, "\(r.stderr)")
    }

    private func console(_ cli: CLI, _ extra: String = "", width: Int = 80, height: Int = 24, env: String = "") throws -> TmuxSession {
        // NO_COLOR unset: the shared tmux server may carry it from whoever started it.
        try TmuxSession(command: "cd \(cli.directory) && env -u NO_COLOR LANG=C.UTF-8 TERM=tmux-256color \(env) \(CLI.binary) --db \(cli.db) console "
                        + "--log \(cli.directory)/console.log \(extra)", width: width, height: height)
    }

    /// A shell in tmux for CLI journeys: what a person types, with a terminal on stdin and stdout.
    private func shell(_ cli: CLI, _ command: String, width: Int = 120, height: Int = 30) throws -> TmuxSession {
        try TmuxSession(command: "cd \(cli.directory) && env LANG=C.UTF-8 bash -c '\(command)'", width: width, height: height)
    }

    // MARK: - Finding 4: forgetting --db

    /// Before the fix, `coursebridge console` in a folder without a database created ./coursebridge.sqlite and a key
    /// and opened an empty console: the administrator believed their data gone.
    @Test func forgettingDbSaysWhereNoDatabaseIsAndCreatesNothing() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let tmux = try shell(cli, "env -u COURSEBRIDGE_DB \(CLI.binary) console", width: 220)
        defer { tmux.kill() }
        #expect(tmux.waitFor("EXIT="), "\(tmux.screen())")
        let flat = tmux.screen().split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
        #expect(flat.contains("no database at ./coursebridge.sqlite"), "\(flat)")
        #expect(flat.contains("coursebridge init") && flat.contains("coursebridge demo"), "\(flat)")
        #expect(!flat.contains("EXIT=0"))
        #expect(!FileManager.default.fileExists(atPath: cli.directory + "/coursebridge.sqlite"), "nothing was created")
    }

    // MARK: - Finding 5: a first sync's run detail

    /// Before: the history said "1 with errors" for warnings, the run detail cut each warning at the screen's edge
    /// (the end says what happened), had no summary and could not scroll.
    @Test func theRunDetailSummarisesWrapsAndScrollsTheWarnings() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try demo(cli)
        let tmux = try console(cli)
        defer { tmux.kill() }
        #expect(tmux.waitFor("LinkedIn"), "\(tmux.screen())")
        tmux.send("h")
        #expect(tmux.waitFor("1 with warnings"), "\(tmux.screen())")
        #expect(!tmux.screen().contains("1 with errors"))
        tmux.send("Enter")
        #expect(tmux.waitFor("Succeeded: 265 created"), "\(tmux.screen())")
        #expect(tmux.screen().contains("0 errors, 7 warnings"), "\(tmux.screen())")
        // The end of the first warning, on its second line.
        #expect(tmux.screen().contains("every page up to the last was read"), "\(tmux.screen())")
        #expect(!tmux.screen().contains("loading"))
        let before = tmux.screen()
        tmux.send("End")
        #expect(tmux.waitFor("tr_TR"), "End reaches the last warning:\n\(tmux.screen())")
        #expect(tmux.screen() != before)
        #expect(tmux.quitted())
    }

    // MARK: - Finding 6: :sync 99

    /// Before: `:sync 99` opened a sync screen whose spinner turned forever beside a CLI-style error.
    @Test func syncOfAnIntegrationThatDoesNotExistOpensNothing() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try demo(cli)
        let tmux = try console(cli)
        defer { tmux.kill() }
        #expect(tmux.waitFor("LinkedIn"), "\(tmux.screen())")
        tmux.send(":")
        tmux.type("sync 99")
        tmux.send("Enter")
        #expect(tmux.waitFor("There is no integration 99; the dashboard lists integrations 1, 2, 3, 4."), "\(tmux.screen())")
        #expect(!tmux.screen().contains("starting…") && !tmux.screen().contains("· sync"), "\(tmux.screen())")
        #expect(tmux.screen().contains("› Dashboard"))
        #expect(tmux.quitted())
    }

    // MARK: - Finding 7: 80×24

    /// Before: at 80×24 the footer lost c h l x, statistics columns read "Str…", and the breadcrumb ran into
    /// "acting as …" mid-word ("Learneacting").
    @Test func at80x24EveryKeyIsOfferedColumnsAreReadableAndTheTitleIsWhole() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try demo(cli)
        let tmux = try console(cli)
        defer { tmux.kill() }
        #expect(tmux.waitFor("LinkedIn"), "\(tmux.screen())")
        for key in ["c courses", "h history", "l stats", "x quarantine", "e events", "i intake", ": command", "? help", "q quit"] {
            #expect(tmux.screen().contains(key), "footer offers \(key):\n\(tmux.screen())")
        }
        tmux.send("l")
        #expect(tmux.waitFor("Learner "), "\(tmux.screen())")
        let title = tmux.screen().split(separator: "\n").first.map(String.init) ?? ""
        // Two screens deep at 80 columns, the actor takes its short form so the breadcrumb stays whole.
        #expect(title.contains("CourseBridge › Dashboard › Learner statistics") && title.contains("as admin@acme.example"), "\(title)")
        #expect(title.range(of: "[a-z]acting as", options: .regularExpression) == nil, "the breadcrumb is not overwritten: \(title)")
        #expect(!tmux.screen().contains("Str…"))
        #expect(tmux.screen().contains("Course"))
        #expect(tmux.quitted())
    }

    // MARK: - Finding 8: themes

    /// Before: themes resolved only from the repository folder, and a TOML path was refused.
    @Test func aThemeFileByPathAndABuiltInThemeWorkFromAnyFolder() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try demo(cli)
        let printed = try cli.run(["console", "--print-theme", "light"])
        #expect(printed.status == 0)
        let own = cli.directory + "/own.toml"
        try printed.stdout.replacingOccurrences(of: "name = \"light\"", with: "name = \"own-light\"").write(toFile: own, atomically: true, encoding: .utf8)
        let tmux = try console(cli, "--theme \(own)")
        defer { tmux.kill() }
        #expect(tmux.waitFor("LinkedIn"), "\(tmux.screen())")
        #expect(!tmux.screen().contains("theme"), "no warning about the theme:\n\(tmux.screen())")
        #expect(tmux.quitted())
        let log = (try? String(contentsOfFile: cli.directory + "/console.log", encoding: .utf8)) ?? ""
        #expect(log.contains("theme: own-light"), "\(log)")
    }

    // MARK: - Finding 9: version

    /// Before: no --version; `version`, `-V` and typos printed the console's usage with exit 64.
    @Test func versionIsAnsweredAndATypoSuggestsTheCommand() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let b = CLI.binary
        let tmux = try shell(cli, "\(b) --version; echo A=$?; \(b) version; echo B=$?; \(b) -V; echo C=$?; \(b) cources; echo D=$?")
        defer { tmux.kill() }
        #expect(tmux.waitFor("D="), "\(tmux.screen())")
        let s = tmux.screen()
        #expect(s.contains("A=0") && s.contains("B=0") && s.contains("C=0"), "\(s)")
        #expect(s.components(separatedBy: "coursebridge 1.").count - 1 == 3, "\(s)")
        #expect(s.contains("did you mean 'courses'?"), "\(s)")
        #expect(!s.contains("USAGE"), "\(s)")
        #expect(FileManager.default.fileExists(atPath: "/work/main/docs/coursebridge.1") || FileManager.default.fileExists(atPath: "docs/coursebridge.1"))
    }

    // MARK: - Finding 11: the smaller ones

    /// Before: the export named a relative path and overwrote silently; "1 learners"; no sort marker; no failed-only
    /// history; Esc dropped a form's edits; text fields had no Ctrl-U/Ctrl-W.
    @Test func theSmallerFindingsInTheConsole() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try demo(cli)
        let tmux = try console(cli, width: 100, height: 30)
        defer { tmux.kill() }
        #expect(tmux.waitFor("LinkedIn"), "\(tmux.screen())")
        // Sort markers on the dashboard, statistics and history.
        #expect(tmux.screen().contains("ID▲"), "\(tmux.screen())")
        tmux.send("l")
        #expect(tmux.waitFor("▼"), "\(tmux.screen())")
        // The export names the absolute path, then asks before replacing the file.
        tmux.send("e")
        #expect(tmux.waitFor("\(cli.directory)/learner-statistics.csv") || tmux.waitFor("learner-statistics.csv"), "\(tmux.screen())")
        #expect(tmux.screen().contains("/learner-statistics.csv"))
        tmux.send("Enter")
        #expect(tmux.waitFor("Exported"), "\(tmux.screen())")
        tmux.send("e")
        tmux.send("Enter")
        #expect(tmux.waitFor("Replace") || tmux.waitFor("exists"), "the second export asks:\n\(tmux.screen())")
        tmux.send("Escape")
        tmux.send("Escape")
        // History: f shows failed runs only.
        tmux.send("h")
        #expect(tmux.waitFor("Started (UTC)▼"), "\(tmux.screen())")
        tmux.send("f")
        #expect(tmux.waitFor("Failed runs and runs with errors only"), "\(tmux.screen())")
        tmux.send("Escape")
        // A form (the provider credentials, the first setting): Ctrl-U clears the field, Esc asks before dropping the edit.
        tmux.send("Enter")
        #expect(tmux.waitFor("Provider credentials"), "\(tmux.screen())")
        tmux.send("Enter")
        #expect(tmux.waitFor("the credentials from the provider"), "\(tmux.screen())")
        tmux.send("C-u")
        tmux.type("09:15")
        tmux.send("Escape")
        #expect(tmux.waitFor("Discard your changes?"), "\(tmux.screen())")
        tmux.send("Escape")
        #expect(tmux.screen().contains("09:15"))
        #expect(tmux.quittedAfterDiscarding())
    }

    /// Before: `stats --json` was refused, CLI progress went to stderr lines without a terminal, and a cancelled sync
    /// said "Error: cancelled" with exit 1. (Plurals: "1 learner".)
    @Test func theSmallerFindingsOnTheCommandLine() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try demo(cli)
        let json = try cli.run(["stats", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil)
        // `stats --format csv` keeps one row per attempt (USER,COURSE,TITLE,…); the console exports what its screen
        // shows, one row per learner and course: a decision explained in the README, not a layout to unify.
        let runs = try cli.run(["runs"])
        let lines = runs.stdout.split(separator: "\n").map(String.init)
        // The warnings sit under their run (run 1), not under the whole table.
        if let run1 = lines.firstIndex(where: { $0.hasPrefix("1 ") }) {
            #expect(lines.indices.contains(run1 + 1) && lines[run1 + 1].contains("warning:"), "\(runs.stdout)")
        } else {
            Issue.record("no run 1:\n\(runs.stdout)")
        }
    }

    // MARK: - Beyond: mouse

    /// Clicks and the wheel as the terminal sends them (X10 encoding, what ncurses asks tmux-256color for).
    @Test func clicksSelectAndOpenRowsAndActAsFooterKeys() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try demo(cli)
        let tmux = try console(cli)
        defer { tmux.kill() }
        #expect(tmux.waitFor("Skillsoft"), "\(tmux.screen())")
        guard let (x, y) = tmux.cell(of: "edX") else {
            Issue.record("no edX row:\n\(tmux.screen())")
            return
        }
        tmux.mouse(x: x, y: y)
        #expect(tmux.waitFor("3 · edX"), "the click selected edX:\n\(tmux.screen())")
        tmux.mouse(x: x, y: y)
        #expect(tmux.waitFor("edX · group"), "the second click opened it:\n\(tmux.screen())")
        #expect(tmux.screen().contains("Integration 3 · settings"), "\(tmux.screen())")
        // The breadcrumb goes back.
        tmux.mouse(x: 3, y: 0)
        #expect(tmux.waitFor("4 integrations"), "\(tmux.screen())")
        guard let (hx, hy) = tmux.cell(of: "h history") else {
            Issue.record("no footer key:\n\(tmux.screen())")
            return
        }
        tmux.mouse(x: hx, y: hy)
        #expect(tmux.waitFor("Started (UTC)"), "a click on the footer key acts as h:\n\(tmux.screen())")
        tmux.send("Escape")
        tmux.send("c")
        // The dashboard's selection is still edX (269 courses).
        #expect(tmux.waitFor("1/269"), "\(tmux.screen())")
        tmux.mouse(x: 10, y: 8, button: 65)
        tmux.mouse(x: 10, y: 8, button: 65)
        #expect(tmux.waitFor("7/269"), "the wheel scrolled 2 × 3 rows:\n\(tmux.screen())")
        #expect(tmux.quitted())
    }

    // MARK: - Beyond: copy

    @Test func yCopiesTheStatementsURLThroughTheTerminal() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try demo(cli)
        let tmux = try console(cli, env: "COURSEBRIDGE_PUBLIC_URL=https://lms.example")
        defer { tmux.kill() }
        // A server option: set once the session (and so the server) exists.
        _ = try? TmuxSession.tmux(["set-option", "-s", "set-clipboard", "on"])
        #expect(tmux.waitFor("LinkedIn"), "\(tmux.screen())")
        tmux.send("Enter")
        tmux.send("y")
        #expect(tmux.waitFor("Copied the statements URL"), "\(tmux.screen())")
        let end = Date().addingTimeInterval(5)
        var buffer = ""
        while Date() < end, !buffer.contains("https://lms.example/api/linkedinlearning/stats") {
            buffer = (try? TmuxSession.tmux(["show-buffer"])) ?? ""
            usleep(100_000)
        }
        #expect(buffer == "https://lms.example/api/linkedinlearning/stats", "tmux's clipboard: \(buffer)")
        #expect(tmux.quitted())
        // Read-only copies nothing.
        let ro = try console(cli, "--read-only")
        defer { ro.kill() }
        #expect(ro.waitFor("LinkedIn"), "\(ro.screen())")
        ro.send("Enter")
        ro.send("y")
        #expect(ro.waitFor("copying to the clipboard is off"), "\(ro.screen())")
        #expect(ro.quitted())
    }

    // MARK: - Beyond: delete

    @Test func anIntegrationNeverSyncedIsDeletedAndOneWithCoursesIsNot() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try demo(cli)
        try cli.run(["group", "add", "Sales"])
        try cli.run(["group", "member", "add", "2", "admin@acme.example", "--role", "editor"])
        #expect(try cli.run(["integration", "add", "coursera", "--group", "2", "--author", "admin@acme.example"]).status == 0)
        #expect(try cli.run(["integration", "add", "edx", "--group", "2", "--author", "admin@acme.example"]).status == 0)

        // CLI: refused for one with courses (says to deactivate), and without a terminal it needs --yes.
        let refused = try cli.run(["integration", "delete", "1", "--yes"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("cannot be deleted: it holds 265 courses"), "\(refused.stderr)")
        #expect(refused.stderr.contains("coursebridge integration deactivate 1"), "\(refused.stderr)")
        let noTTY = try cli.run(["integration", "delete", "6"])
        #expect(noTTY.status != 0 && noTTY.stderr.contains("--yes"), "\(noTTY.stderr)")
        let deleted = try cli.run(["integration", "delete", "6", "--yes"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("integration 6 (edX · Sales) deleted"), "\(deleted.stdout)")

        // Console: D on the never-synced Coursera asks (Cancel first), then deletes; D on LinkedIn explains.
        let tmux = try console(cli, width: 100, height: 30)
        defer { tmux.kill() }
        #expect(tmux.waitFor("5 integrations"), "\(tmux.screen())")
        tmux.send("D")
        #expect(tmux.waitFor("cannot be deleted: it holds 265 courses"), "\(tmux.screen())")
        tmux.send("End")
        tmux.send("D")
        #expect(tmux.waitFor("Delete integration 5 (Coursera · Sales)?"), "\(tmux.screen())")
        #expect(tmux.screen().contains("[ Cancel ]  [ Delete ]"))
        tmux.send("Enter")
        #expect(tmux.waitUntilGone("Delete integration 5"), "Enter on Cancel closes the dialog")
        #expect(tmux.screen().contains("5 integrations"))
        tmux.send("D")
        tmux.send("Right")
        tmux.send("Enter")
        #expect(tmux.waitFor("Integration 5 deleted."), "\(tmux.screen())")
        #expect(tmux.waitFor("4 integrations"), "\(tmux.screen())")
        #expect(tmux.quitted())
        let list = try cli.run(["integration", "list"]).stdout
        #expect(!list.split(separator: "\n").contains { $0.hasPrefix("5 ") }, "\(list)")
        #expect(list.split(separator: "\n").contains { $0.hasPrefix("4 ") }, "\(list)")
    }
}

// MARK: - Helpers

private extension TmuxSession {
    /// Column and row of the first cell showing `text`.
    func cell(of text: String) -> (Int, Int)? {
        let rows = screen().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let y = rows.firstIndex(where: { $0.contains(text) }), let r = rows[y].range(of: text) else { return nil }
        return (rows[y][..<r.lowerBound].count, y)
    }

    /// A mouse press (button 0; 64/65 = wheel up/down) and, for a button, its release, in X10 encoding.
    func mouse(x: Int, y: Int, button: Int = 0) {
        func send(_ b: Int) {
            let bytes = [0x1b, 0x5b, 0x4d, 32 + b, 33 + x, 33 + y].map { String(format: "%02x", $0) }
            _ = try? Self.tmux(["send-keys", "-t", name, "-H"] + bytes)
        }
        send(button)
        if button < 64 { send(3) }
        usleep(200_000)
    }

    func waitUntilGone(_ text: String, timeout: Double = 10) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if !screen().contains(text) { return true }
            usleep(100_000)
        }
        return false
    }

    /// q; true once the program exited with status 0.
    func quitted() -> Bool {
        send("Escape")
        send("q")
        if waitFor("Quit while a sync runs?", timeout: 1) { send("y") }
        return waitFor("EXIT=0")
    }

    /// Leaves a form whose edits are to be dropped, then quits.
    func quittedAfterDiscarding() -> Bool {
        send("Escape")
        if waitFor("Discard your changes?", timeout: 2) { send("y") }
        send("q")
        return waitFor("EXIT=0")
    }
}
