import ArgumentParser
import CourseBridgeConsole
import CourseBridgeEngine
import CourseBridgeStore
import Foundation

/// `coursebridge console`: the administration TUI (ncurses).
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "Open the administration console (ncurses).",
        discussion: "Keys: ? help, / filter, : command line, q quit. Themes: themes/*.toml (dark, light, high-contrast, mono); NO_COLOR is honoured. Logs go to --log, never to the screen.")
    @OptionGroup var global: GlobalOptions
    @Flag(name: .customLong("read-only"), help: "Everything visible, nothing changeable (for auditors).") var readOnly = false
    @Option(help: ArgumentHelp("Colour theme: dark, light, high-contrast, mono (default: $COURSEBRIDGE_THEME or dark).", valueName: "name"))
    var theme: String?
    @Option(help: ArgumentHelp("Log file (default: the database path + .console.log).", valueName: "path")) var log: String?
    @Option(name: .customLong("public-url"), help: ArgumentHelp("Public base URL shown for the webhook endpoints (default: $COURSEBRIDGE_PUBLIC_URL or http://127.0.0.1:8080).", valueName: "url"))
    var publicURL: String?
    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this user for course edits (default: the first platform administrator).", valueName: "email"))
    var actingEmail: String?

    func run() throws {
        let store = try global.openStore()
        if !readOnly { _ = try reportingErrors { try store.markInterruptedRuns() } }
        let engine = SyncEngine(store: store, statistics: Wiring.statisticsApplier(store: store))
        let actor = try reportingErrors { try Wiring.consoleActor(store: store, requested: actingEmail) }
        let services = StoreConsoleServices(store: store, engine: engine, readOnly: readOnly,
                                            extensions: ConsoleStoreBridge(store: store, actingEmail: actor))
        let options = ConsoleOptions(readOnly: readOnly, themeName: theme, logPath: log ?? global.databasePath + ".console.log",
                                     publicBaseURL: publicURL)
        let status = ConsoleApp.run(services: services, options: options)
        if status != 0 { throw ExitCode(status) }
    }
}
