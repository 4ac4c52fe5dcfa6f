import ArgumentParser
import Foundation

/// `coursebridge`: the root command. Each subcommand is one struct; `GlobalOptions` holds `--db`.
public struct CourseBridgeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "coursebridge",
        abstract: "Connect platform groups to LinkedIn Learning, Coursera, edX and Skillsoft Percipio.",
        discussion: "Errors go to stderr with a non-zero exit status. Secrets are never read from or printed to the command line.",
        version: CourseBridgeVersion.current,
        subcommands: [
            ConsoleCommand.self, DemoCommand.self, InitCommand.self, SimulateCommand.self,
            GroupCommand.self, UserCommand.self, IntegrationCommand.self, CoursesCommand.self, SyncCommand.self, RunsCommand.self, EventsCommand.self, BenchCommand.self, ServeCommand.self, StatsCommand.self, QuarantineCommand.self, LaunchCommand.self, LibraryCommand.self, PathCommand.self, CourseCommand.self, VersionCommand.self,
            KeyCommand.self, MigrateCommand.self,
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
        let arguments = Array(CommandLine.arguments.dropFirst())
        if CommandTriage.asksForVersion(arguments) {
            print("coursebridge \(CourseBridgeVersion.current)")
            Foundation.exit(0)
        }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            // A mistyped command name: a short line naming the closest command, not the default console's usage.
            if exitCode(for: error) != .success, let unknown = CommandTriage.unknownCommand(arguments) {
                FileHandle.standardError.write(Data((unknown + "\n").utf8))
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
            exit(reporting: error)
        }
        do {
            try command.run()
        } catch {
            exit(reporting: error)
        }
    }

    private static func exit(reporting error: any Error) -> Never {
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

/// Options shared by every subcommand (given before or after the subcommand name).
public struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Database: a SQLite file, or postgres://USER@HOST:PORT/DB for PostgreSQL (password in $PGPASSWORD, key in $COURSEBRIDGE_SECRET_KEY or $COURSEBRIDGE_KEY_FILE). Default: $COURSEBRIDGE_DB or ./coursebridge.sqlite. A path given here or in $COURSEBRIDGE_DB is created when missing; the default is not (use init or demo).",
        valueName: "path|url"))
    public var db: String?

    public init() {}

    public var databasePath: String { explicitDatabasePath ?? Self.defaultDatabasePath }
}
