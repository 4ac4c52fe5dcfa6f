import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeEngine
import CourseBridgeStore

/// `coursebridge path …`: paths (program sessions) made of synchronized courses.
struct PathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path", abstract: "Paths (program sessions): ordered course steps, linear or not.",
        subcommands: [Add.self, StepCommand.self, Enroll.self, Show.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a path in a group (group admins, editors, contributors).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The path's name.") var name: String
        @Option(help: "The group the path belongs to.") var group: Int64
        @Flag(help: "Each step opens only once the previous external course is completed.") var linear = false
        @Option(name: .customLong("as"), help: ArgumentHelp("The acting user's email.", valueName: "email")) var actingEmail: String

        func run() throws {
            let store = try global.openStore()
            let path = try reportingErrors { try PlatformEditing(store: store).addPath(name: name, groupId: group, linear: linear, actingEmail: actingEmail) }
            print("path \(path.id) '\(Output.inert(path.name))' added to group \(group)\(path.isLinear ? " (linear)" : "")")
        }
    }

    struct StepCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "step", abstract: "Steps of a path.", subcommands: [Add.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Append a course to a path.",
                discussion: "Editors and contributors may add a course only once it is in their group's library.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "Path id.") var path: Int64
            @Argument(help: "Course id.") var course: Int64
            @Option(name: .customLong("as"), help: ArgumentHelp("The acting user's email.", valueName: "email")) var actingEmail: String

            func run() throws {
                let store = try global.openStore()
                let position = try reportingErrors { try PlatformEditing(store: store).addPathStep(pathId: path, courseId: course, actingEmail: actingEmail) }
                print("course \(course) is step \(position) of path \(path)")
            }
        }
    }

    struct Enroll: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enroll a learner in a path.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Path id.") var path: Int64
        @Option(help: "The learner's email.") var user: String
        @Option(name: .customLong("as"), help: ArgumentHelp("The acting user's email (a group admin or coach); without it, the operator.",
                                                            valueName: "email")) var actingEmail: String?

        func run() throws {
            let store = try global.openStore()
            let enrolled = try reportingErrors { try PlatformEditing(store: store).enroll(pathId: path, userEmail: user, actingEmail: actingEmail) }
            print(enrolled ? "\(user) enrolled in path \(path)" : "\(user) is already enrolled in path \(path)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A path's steps; with --user, the learner's status and which steps are locked.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Path id.") var path: Int64
        @Option(help: "A learner's email.") var user: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let store = try global.openStore()
            let report = try reportingErrors { try store.pathReport(pathId: path, learnerEmail: user) }
            if json { print(try Output.json(report)); return }
            let p = report.path
            print("path \(p.id) '\(Output.inert(p.name))' of group \(p.groupId), \(p.isLinear ? "linear" : "any order"), \(Plural.count(report.steps.count, "step"))")
            if let learner = report.learner {
                print("\(learner): \(report.status ?? "-")\(report.enrolled == true ? "" : " (not enrolled)")")
            }
            if report.learner == nil {
                print(Output.table(["STEP", "COURSE", "PROVIDER", "TITLE"], report.steps.map {
                    ["\($0.position)", "\($0.course.id ?? 0)", $0.course.provider.rawValue, $0.course.title]
                }))
            } else {
                print(Output.table(["STEP", "COURSE", "PROVIDER", "STATUS", "LOCKED", "TITLE"], report.steps.map {
                    ["\($0.position)", "\($0.course.id ?? 0)", $0.course.provider.rawValue, $0.status ?? "-",
                     $0.availability == "locked" ? "yes" : "no", $0.course.title]
                }))
            }
        }
    }
}
