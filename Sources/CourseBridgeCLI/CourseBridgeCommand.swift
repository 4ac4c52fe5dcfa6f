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
        ],
        defaultSubcommand: ConsoleCommand.self
    )

    @OptionGroup public var global: GlobalOptions

    public init() {}

    /// Entry point: private files by default, then the usual ArgumentParser dispatch.
    public static func run() {
        umask(0o077)
        main()
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
