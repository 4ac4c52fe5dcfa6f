import CourseBridgeCore
import Foundation
import ProviderSimulator
import Testing

/// The real binary in tmux: the wiring holds (keys in, screen out, terminal restored).
@Suite("console in tmux", .serialized, .enabled(if: TmuxSession.available))
struct ConsoleScreenTests {
    @Test func credentialsTestConnectionAndSyncReach100PercentAgainstTheSimulator() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let sim = try await SimulatorServer.start(options: SimulatorOptions(items: 300, seed: 7))
        defer { Task { await sim.stop() } }
        try cli.run(["group", "add", "Acme"])
        try cli.run(["user", "add", "--email", "admin@acme.example", "--username", "admin"])
        try cli.run(["group", "member", "add", "1", "admin@acme.example", "--role", "editor"])
        var add = ["integration", "add", "linkedin", "--group", "1", "--author", "admin@acme.example", "--api-base", sim.apiBase(for: .linkedin)]
        if let token = sim.tokenURL(for: .linkedin) { add += ["--token-url", token] }
        #expect(try cli.run(add).status == 0)

        let tmux = try TmuxSession(command: "env LANG=C.UTF-8 \(CLI.binary) --db \(cli.db) console --log \(cli.directory)/console.log")
        defer { tmux.kill() }
        #expect(tmux.waitFor("LinkedIn"))
        #expect(tmux.screen().contains("no creds"))

        // Settings → credentials: type (as a paste would), then Ctrl-T saves and tests.
        tmux.send("Enter")
        #expect(tmux.waitFor("Provider credentials"))
        tmux.send("Enter")
        #expect(tmux.waitFor("Client secret"))
        let creds = sim.credentialValues(for: .linkedin)
        tmux.type(creds["client_id"] ?? "")
        tmux.send("Tab")
        tmux.type(creds["client_secret"] ?? "")
        #expect(!tmux.screen().contains(creds["client_secret"] ?? "-"), "the secret is masked")
        tmux.send("C-t")
        #expect(tmux.waitFor("✔ TEST CONNECTION: Connected to LinkedIn Learning"), "\(tmux.screen())")

        // Back to the dashboard, sync now: the bar reaches 100% with the created count.
        tmux.send("Escape")
        tmux.send("Escape")
        #expect(tmux.waitFor("Dashboard"))
        tmux.send("s")
        #expect(tmux.waitFor("DONE", timeout: 30), "\(tmux.screen())")
        let screen = tmux.screen()
        #expect(screen.contains("100%"))
        let created = screen.split(separator: "\n").first { $0.contains("Created") }
            .flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        #expect(created > 0, "\(screen)")
        // The dashboard reads the store: the courses the run created are there.
        tmux.send("Escape")
        #expect(tmux.waitFor("\(created)/0"), "\(tmux.screen())")

        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"))
    }

    @Test func tooSmallResizeHelpOverlayAndCtrlCRestoreTheTerminal() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        let tmux = try TmuxSession(command: "env LANG=C.UTF-8 \(CLI.binary) --db \(cli.db) console --read-only --log \(cli.directory)/console.log")
        defer { tmux.kill() }
        #expect(tmux.waitFor("READ-ONLY"))
        tmux.send("?")
        #expect(tmux.waitFor("any key closes"))
        tmux.send("x")
        tmux.send("s")
        #expect(tmux.waitFor("Read-only mode"))
        tmux.resize(width: 70, height: 20)
        // The dashboard degrades instead of refusing: its integrations stay in view.
        #expect(tmux.waitFor("70×20: 80×24 shows the rest"), "\(tmux.screen())")
        #expect(tmux.screen().contains("LinkedIn"), "\(tmux.screen())")
        tmux.resize(width: 36, height: 10)
        #expect(tmux.waitFor("Terminal too small: 36×10."), "\(tmux.screen())")
        tmux.resize(width: 100, height: 30)
        #expect(tmux.waitFor("Dashboard"))
        tmux.send("C-c")
        #expect(tmux.waitFor("EXIT=0"))
        let log = (try? String(contentsOfFile: "\(cli.directory)/console.log", encoding: .utf8)) ?? ""
        #expect(log.contains("console closed"))
    }
}

/// A console whose terminal disappears (ssh dropped, tmux killed) exits instead of spinning on a dead tty,
/// even when its parent ignored SIGHUP for it.
@Suite("console without its terminal", .serialized, .enabled(if: TmuxSession.available))
struct ConsoleHangupTests {
    @Test(arguments: ["", "trap '' HUP; "])
    func killingTheTerminalEndsTheConsole(_ prefix: String) throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        let log = "\(cli.directory)/console.log"
        let tmux = try TmuxSession(command: "\(prefix)exec env LANG=C.UTF-8 \(CLI.binary) --db \(cli.db) console --log \(log)")
        #expect(tmux.waitFor("Dashboard"))
        tmux.kill()
        let end = Date().addingTimeInterval(5)
        var closed = false
        while Date() < end, !closed {
            closed = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("console closed")
            usleep(100_000)
        }
        #expect(closed, "the console is still running after its terminal went away")
    }
}

/// A detached tmux session running one command; `EXIT=<status>` is printed when it ends.
struct TmuxSession {
    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }
    let name = "cbtest-\(UUID().uuidString.prefix(8))"

    init(command: String, width: Int = 100, height: Int = 30) throws {
        try Self.tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "\(command); echo EXIT=$?; sleep 30"])
    }

    /// tmux through posix_spawn + waitpid: `new-session` forks the tmux server, and Foundation's Process
    /// was seen never reaping the exited client in this test runner. Output goes through a file, never a pipe
    /// the server could inherit and hold open.
    @discardableResult
    static func tmux(_ args: [String]) throws -> String {
        let outPath = NSTemporaryDirectory() + "cb-tmux-\(UUID().uuidString)"
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["tmux"] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/usr/bin/tmux", &actions, nil, argv, environ) == 0 else { throw TmuxError() }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    func send(_ key: String) {
        _ = try? Self.tmux(["send-keys", "-t", name, key])
        usleep(150_000)
    }

    func type(_ text: String) {
        _ = try? Self.tmux(["send-keys", "-t", name, "-l", text])
        usleep(150_000)
    }

    func resize(width: Int, height: Int) {
        _ = try? Self.tmux(["set-option", "-w", "-t", name, "window-size", "manual"])
        _ = try? Self.tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    func screen() -> String { (try? Self.tmux(["capture-pane", "-p", "-t", name])) ?? "" }

    func waitFor(_ text: String, timeout: Double = 10) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if screen().contains(text) { return true }
            usleep(100_000)
        }
        return false
    }

    func kill() { _ = try? Self.tmux(["kill-session", "-t", name]) }
}

struct TmuxError: Error {}
