import CourseBridgeCore
import Dispatch
import Foundation

public struct ConsoleOptions: Sendable {
    public var readOnly: Bool
    public var themeName: String?
    public var logPath: String
    public var publicBaseURL: String
    public var environment: [String: String]
    /// Who the console acts as, shown in the title bar (nil: no platform administrator yet).
    public var actor: ActingUser?
    public init(readOnly: Bool = false, themeName: String? = nil, logPath: String, publicBaseURL: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.readOnly = readOnly
        self.themeName = themeName ?? environment["COURSEBRIDGE_THEME"]
        self.logPath = logPath
        self.publicBaseURL = publicBaseURL ?? environment["COURSEBRIDGE_PUBLIC_URL"] ?? "http://127.0.0.1:8080"
        self.environment = environment
    }
}

/// Runs the console until the administrator quits. Returns the exit status.
public enum ConsoleApp {
    /// Where own themes are looked up by name: `$COURSEBRIDGE_THEMES`, then `~/.config/coursebridge/themes`
    /// (`$XDG_CONFIG_HOME`). The shipped themes are built into the binary, wherever it is run from.
    public static func themeDirectories(environment: [String: String]) -> [String] {
        var dirs: [String] = []
        if let d = environment["COURSEBRIDGE_THEMES"], !d.isEmpty { dirs.append(d) }
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            dirs.append(config + "/coursebridge/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            dirs.append(home + "/.config/coursebridge/themes")
        }
        return dirs
    }

    public static func run(services: any ConsoleServices, options: ConsoleOptions) -> Int32 {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            FileHandle.standardError.write(Data("coursebridge console needs a terminal; for scripts use the other subcommands (see --help).\n".utf8))
            return 2
        }
        let log = ConsoleLog(path: options.logPath)
        let (theme, themeWarning) = ThemeLoader.resolve(name: options.themeName, environment: options.environment,
                                                        directories: themeDirectories(environment: options.environment))
        if let themeWarning { log.write(themeWarning) }
        // Nothing may print over the screen: stderr goes to the log while curses is active.
        let savedStderr = dup(STDERR_FILENO)
        let logFD = open(options.logPath, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        if logFD >= 0 { dup2(logFD, STDERR_FILENO); close(logFD) } else { log.write("cannot redirect stderr to \(options.logPath)") }
        defer {
            if savedStderr >= 0 { dup2(savedStderr, STDERR_FILENO); close(savedStderr) }
        }

        let runtime = ConsoleRuntime(services: services, log: { log.write($0) })
        var signals: [any DispatchSourceSignal] = []
        // SIGHUP: the terminal went away (ssh dropped, tmux killed): quit like Ctrl-C, never spin on a dead tty.
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { runtime.post(.interrupt) }
            source.resume()
            signals.append(source)
        }
        defer { signals.forEach { $0.cancel() } }

        // COURSEBRIDGE_MOUSE=off leaves the mouse to the terminal (its own text selection without Shift).
        let mouse = !["off", "0", "no", "false"].contains(options.environment["COURSEBRIDGE_MOUSE"]?.lowercased() ?? "")
        let terminal = NcursesTerminal(theme: theme, mouse: mouse)
        defer { terminal.close() }
        var model = ConsoleModel(readOnly: options.readOnly, now: Date(), publicBaseURL: options.publicBaseURL, warning: themeWarning)
        model.exportFolder = FileManager.default.currentDirectoryPath
        model.actor = options.actor
        let size = terminal.size
        var buffer = ScreenBuffer(width: size.width, height: size.height)
        var pending: [ConsoleMsg] = [.resize(width: size.width, height: size.height)]
        runtime.perform(.loadDashboard)
        var lastTick = Date()
        log.write("console started (read-only: \(options.readOnly), theme: \(theme.name))")

        var lastHangupCheck = Date()
        loop: while true {
            var dirty = false
            for msg in pending + runtime.drain() {
                dirty = true
                for effect in update(&model, msg) {
                    if effect == .quit { break loop }
                    if case .copyToClipboard(let text) = effect {
                        terminal.copyToClipboard(text)
                        continue
                    }
                    runtime.perform(effect)
                }
                if model.quitRequested { break loop }
            }
            pending.removeAll()
            let now = Date()
            if now.timeIntervalSince(lastHangupCheck) >= 0.5 {
                lastHangupCheck = now
                if terminalHungUp() {
                    log.write("terminal hung up: closing the console")
                    break loop
                }
            }
            if now.timeIntervalSince(lastTick) >= 0.1 {
                lastTick = now
                // Ticks also refresh the live screens (event log, intake).
                for effect in update(&model, .tick(now)) { runtime.perform(effect) }
                dirty = true
            }
            if dirty {
                if buffer.width != model.width || buffer.height != model.height {
                    buffer = ScreenBuffer(width: model.width, height: model.height)
                }
                render(model, into: &buffer)
                terminal.draw(buffer)
            }
            switch terminal.read() {
            case .key(let key)?: pending.append(.key(key))
            case .resize(let w, let h)?: pending.append(.resize(width: w, height: h))
            case .mouse(let e)?: pending.append(.mouse(e, buffer.target(x: e.x, y: e.y)))
            case nil: break
            }
        }
        for p in model.runningSyncs { services.cancelSync(integrationId: p.integrationId) }
        terminal.close()
        log.write("console closed")
        return 0
    }
}

/// True once the terminal is gone: a hung-up tty makes every read fail at once, which would turn the key
/// loop into a busy loop if the process stayed (a parent may have ignored SIGHUP for us).
func terminalHungUp() -> Bool {
    var fd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    guard poll(&fd, 1, 0) >= 0 else { return false }
    return fd.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
}

/// Appends timestamped lines to the console's log file (never the screen).
final class ConsoleLog: Sendable {
    private let path: String
    init(path: String) { self.path = path }

    func write(_ line: String) {
        let text = "\(ISO8601DateFormatter().string(from: Date())) \(line)\n"
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try? handle.close()
        } else {
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        }
    }
}
