import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeEngine
import CourseBridgeStore

/// `coursebridge library add|remove|list`: synchronized courses in group libraries (seed 002 "From there").
struct LibraryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "library", abstract: "Courses in a group's library.", subcommands: [Add.self, Remove.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a synchronized course to a group's library.",
            discussion: "Group admins, coaches, editors and contributors add to their own group's library; coaches and group admins also to another group's.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Course id.") var course: Int64
        @Option(help: "The group whose library receives the course.") var group: Int64
        @Option(name: .customLong("as"), help: ArgumentHelp("The acting user's email.", valueName: "email")) var actingEmail: String

        func run() throws {
            let store = try global.openStore()
            let added = try reportingErrors { try PlatformEditing(store: store).addToLibrary(courseId: course, groupId: group, actingEmail: actingEmail) }
            print(added ? "course \(course) added to the library of group \(group)" : "course \(course) is already in the library of group \(group)")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a course from a group's library (the course itself stays).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Course id.") var course: Int64
        @Option(help: "The group whose library loses the course.") var group: Int64
        @Option(name: .customLong("as"), help: ArgumentHelp("The acting user's email.", valueName: "email")) var actingEmail: String

        func run() throws {
            let store = try global.openStore()
            let removed = try reportingErrors { try PlatformEditing(store: store).removeFromLibrary(courseId: course, groupId: group, actingEmail: actingEmail) }
            print(removed ? "course \(course) removed from the library of group \(group)" : "course \(course) was not in the library of group \(group)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a group's library.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Group id.") var group: Int64
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let store = try global.openStore()
            let entries = try reportingErrors { try store.library(groupId: group) }
            if json { print(try Output.json(entries)); return }
            print(Output.table(["ID", "PROVIDER", "STATUS", "ADDED BY", "TITLE"], entries.map {
                ["\($0.course.id ?? 0)", $0.course.provider.rawValue, $0.course.status.rawValue, $0.addedBy ?? "sync", $0.course.title]
            }))
        }
    }
}
