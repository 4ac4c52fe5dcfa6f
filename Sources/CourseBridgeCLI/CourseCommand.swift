import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeEngine
import CourseBridgeStore

/// `coursebridge course …`: what may be edited on one synchronized course (skills, manual tags) and what may not.
struct CourseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "course", abstract: "One course: its skills and tags; title, description and content stay the provider's.",
        subcommands: [Show.self, SkillCommand.self, TagCommand.self, Edit.self, Delete.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A course with its tags, skills and libraries.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Course id.") var course: Int64
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let store = try global.openStore()
            let d = try reportingErrors { try store.courseDetails(id: course) }
            if json { print(try Output.json(d)); return }
            let c = d.course
            print("course \(c.id ?? 0): \(Output.inert(c.title))")
            print("  \(c.provider.displayName) \(Output.inert(c.providerId)), \(c.status.rawValue), synchronized (read-only title, description, content)")
            print("  tags: " + (d.tags.isEmpty ? "-" : d.tags.map { "\(Output.inert($0.name)) (\($0.source.rawValue))" }.joined(separator: ", ")))
            print("  skills: " + (d.skills.isEmpty ? "-" : d.skills.map(Output.inert).joined(separator: ", ")))
            print("  in the library of group(s): " + (d.libraryGroups.isEmpty ? "-" : d.libraryGroups.map(String.init).joined(separator: ", ")))
        }
    }

    /// `course skill add|remove COURSE_ID SKILL --as EMAIL`
    struct SkillCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "skill", abstract: "Skills of a course (editable).",
                                                        subcommands: [Add.self, Remove.self])
        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add a skill to a course.")
            @OptionGroup var edit: CourseLabelEdit
            func run() throws {
                let store = try edit.global.openStore()
                let added = try reportingErrors { try PlatformEditing(store: store).addSkill(courseId: edit.course, skill: edit.name, actingEmail: edit.actingEmail) }
                print(added ? "skill '\(Output.inert(edit.name))' added to course \(edit.course)" : "course \(edit.course) already has skill '\(Output.inert(edit.name))'")
            }
        }
        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove a skill from a course.")
            @OptionGroup var edit: CourseLabelEdit
            func run() throws {
                let store = try edit.global.openStore()
                try reportingErrors { try PlatformEditing(store: store).removeSkill(courseId: edit.course, skill: edit.name, actingEmail: edit.actingEmail) }
                print("skill '\(Output.inert(edit.name))' removed from course \(edit.course)")
            }
        }
    }

    /// `course tag add|remove COURSE_ID TAG --as EMAIL`
    struct TagCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tag", abstract: "Manual tags of a course (they stay through every sync); synced tags follow the tag sync setting.",
            subcommands: [Add.self, Remove.self])
        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add a manual tag to a course.")
            @OptionGroup var edit: CourseLabelEdit
            func run() throws {
                let store = try edit.global.openStore()
                let added = try reportingErrors { try PlatformEditing(store: store).addTag(courseId: edit.course, tag: edit.name, actingEmail: edit.actingEmail) }
                print(added ? "tag '\(Output.inert(edit.name))' added to course \(edit.course)" : "course \(edit.course) already has tag '\(Output.inert(edit.name))'")
            }
        }
        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove a manual tag from a course.")
            @OptionGroup var edit: CourseLabelEdit
            func run() throws {
                let store = try edit.global.openStore()
                try reportingErrors { try PlatformEditing(store: store).removeTag(courseId: edit.course, tag: edit.name, actingEmail: edit.actingEmail) }
                print("tag '\(Output.inert(edit.name))' removed from course \(edit.course)")
            }
        }
    }

    /// Exists so that scripts get the rule, not "unknown command": a synchronized course is never edited here.
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refused: title, description and content of a synchronized course follow the provider.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Course id.") var course: Int64
        @Option(help: "A new title (refused).") var title: String?
        @Option(help: "A new description (refused).") var description: String?
        @Option(name: .customLong("as"), help: ArgumentHelp("The acting user's email.", valueName: "email")) var actingEmail: String?

        func run() throws {
            let store = try global.openStore()
            try reportingErrors {
                try PlatformEditing(store: store).editCourse(courseId: course, title: title, description: description, actingEmail: actingEmail ?? "the operator")
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refused: a synchronized course is archived when the provider retires it, never deleted.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Course id.") var course: Int64
        @Option(name: .customLong("as"), help: ArgumentHelp("The acting user's email.", valueName: "email")) var actingEmail: String?

        func run() throws {
            let store = try global.openStore()
            try reportingErrors { try PlatformEditing(store: store).deleteCourse(courseId: course, actingEmail: actingEmail ?? "the operator") }
        }
    }
}

/// The arguments shared by skill and tag edits.
struct CourseLabelEdit: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Course id.") var course: Int64
    @Argument(help: "The skill or tag.") var name: String
    @Option(name: .customLong("as"), help: ArgumentHelp("The acting user's email.", valueName: "email")) var actingEmail: String
}
