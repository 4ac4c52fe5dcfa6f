import ArgumentParser
import CourseBridgeConsole
import CourseBridgeCore
import CourseBridgeEngine
import CourseBridgeData
import CourseBridgeStore
import Foundation

/// `coursebridge console`: the administration TUI (ncurses).
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "Open the administration console (ncurses).",
        discussion: "Keys: ? help, / filter, : command line, q quit. Themes: dark, light, high-contrast, mono are built in; --theme also takes a path to a TOML file, or the name of one in $COURSEBRIDGE_THEMES or ~/.config/coursebridge/themes (start one with --print-theme light); NO_COLOR is honoured. Logs go to --log, never to the screen.")
    @OptionGroup var global: GlobalOptions
    @Flag(name: .customLong("read-only"), help: "Everything visible, nothing changeable (for auditors).") var readOnly = false
    @Option(help: ArgumentHelp("Colour theme: dark, light, high-contrast, mono, an own theme's name or a .toml path (default: $COURSEBRIDGE_THEME or dark).", valueName: "name|path"))
    var theme: String?
    @Option(name: .customLong("print-theme"), help: ArgumentHelp("Print a built-in theme's TOML and exit (the start of a theme of your own).", valueName: "name"))
    var printTheme: String?
    @Option(help: ArgumentHelp("Log file (default: the database path + .console.log).", valueName: "path")) var log: String?
    @Option(name: .customLong("public-url"), help: ArgumentHelp("Public base URL shown for the webhook endpoints (default: $COURSEBRIDGE_PUBLIC_URL or http://127.0.0.1:8080).", valueName: "url"))
    var publicURL: String?
    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this user: integrations, syncs and settings need a platform administrator, course edits a group admin or editor (default: the first platform administrator).", valueName: "email"))
    var actingEmail: String?

    func run() throws {
        if let printTheme {
            guard let text = ThemeLoader.builtInText(printTheme) else {
                throw CLIError("no built-in theme '\(printTheme)'; built in are \(ThemeLoader.builtInNames.joined(separator: ", "))")
            }
            print(text, terminator: "")
            return
        }
        let store = try global.openStore()
        if !readOnly {
            SyncLeaseKeeper.releaseDeadLocalLeases(store: store)
            _ = try reportingErrors { try store.markInterruptedRuns() }
        }
        let engine = SyncEngine(store: store, statistics: PulledStatistics(store: store))
        let actor = try reportingErrors { try Wiring.consoleActor(store: store, requested: actingEmail) }
        let acting = try reportingErrors { try Wiring.consoleActingUser(store: store, email: actor) }
        let services = StoreConsoleServices(store: store, engine: engine, readOnly: readOnly, actor: acting)
        var options = ConsoleOptions(readOnly: readOnly, themeName: theme, logPath: log ?? global.databasePath + ".console.log",
                                     publicBaseURL: publicURL)
        options.actor = acting
        let status = ConsoleApp.run(services: services, options: options)
        if status != 0 { throw ExitCode(status) }
    }
}

extension Wiring {
    /// The user the console acts as: `--as` (which must exist), else the first platform administrator, else nobody.
    static func consoleActor(store: any DataStore, requested: String?) throws -> String? {
        if let requested {
            _ = try store.user(email: requested)
            return requested
        }
        return try store.platformAdminEmails().first
    }

    /// The console's acting user with their platform-administrator flag (nil: no administrator yet, the operator acts).
    static func consoleActingUser(store: any DataStore, email: String?) throws -> ActingUser? {
        guard let email else { return nil }
        return try AdminAuthorization(store: store).actor(email: email)
    }
}
