import ArgumentParser
import CourseBridgeEngine
import Foundation

/// `coursebridge launch COURSE_ID --user EMAIL`: records the launch and prints the provider URL.
struct LaunchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch", abstract: "Launch an external course for a learner: records it and prints the provider URL.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Course id.") var courseId: Int64
    @Option(help: "The learner's email.") var user: String
    @Option(help: "Launch from this path (a linear path refuses a locked step).") var path: Int64?

    func run() throws {
        let store = try global.openStore()
        do {
            let result = try LaunchService(store: store).launch(courseId: courseId, userEmail: user, pathId: path)
            print(result.url)
        } catch {
            throw CLIError(error.description)
        }
    }
}
