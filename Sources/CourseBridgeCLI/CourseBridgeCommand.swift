import ArgumentParser
import Foundation

/// `coursebridge`: the root command. Each subcommand is one struct; `GlobalOptions` holds `--db`.
public struct CourseBridgeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "coursebridge",
        abstract: "Connect platform groups to LinkedIn Learning, Coursera, edX and Skillsoft Percipio.",
        discussion: "Errors go to stderr with a non-zero exit status. Secrets are never read from or printed to the command line.",
        subcommands: [
            ConsoleCommand.self, DemoCommand.self, SimulateCommand.self,
            GroupCommand.self, UserCommand.self, IntegrationCommand.self, CoursesCommand.self, SyncCommand.self, RunsCommand.self, BenchCommand.self, ServeCommand.self, StatsCommand.self, QuarantineCommand.self, LaunchCommand.self, LibraryCommand.self, PathCommand.self, CourseCommand.self,
            KeyCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self
    )

    @OptionGroup public var global: GlobalOptions

    public init() {}

    /// Entry point: private files by default, then ArgumentParser's dispatch, with every message made inert
    /// first: errors quote what was typed or read from a file, and control characters in it must not reach
    /// the terminal (`user add --email $'x\e[2J…'`).
    public static func main() {
        umask(0o077)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = Output.inertKeepingLines(fullMessage(for: error))
            if code == .success {
                if !message.isEmpty { print(message) }
            } else {
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}

/// Options shared by every subcommand (given before or after the subcommand name).
public struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Database file (default: $COURSEBRIDGE_DB or ./coursebridge.sqlite).", valueName: "path"))
    public var db: String?

    public init() {}

    public var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["COURSEBRIDGE_DB"] ?? "coursebridge.sqlite"
    }
}
