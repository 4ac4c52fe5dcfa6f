import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore

struct GroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group", abstract: "Groups of the platform and their members.",
        subcommands: [Add.self, List.self, MemberCommand.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a group.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "The group's name.") var name: String
        @Option(help: "Parent group id.") var parent: Int64?
        @Flag(help: "Make the group private (Coursera courses skip private subgroups).") var `private` = false

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.addGroup, store: store)
            let group = try reportingErrors { try store.addGroup(name: name, parentId: parent, isPrivate: `private`) }
            print("group \(group.id ?? 0) '\(Output.inert(group.name))' added (\(group.isPrivate ? "private" : "public"))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List groups.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let store = try global.openStore()
            let groups = try reportingErrors { try store.groups() }
            if json { print(try Output.json(groups)); return }
            print(Output.table(["ID", "NAME", "PARENT", "VISIBILITY"], groups.map {
                ["\($0.id ?? 0)", $0.name, $0.parentId.map(String.init) ?? "-", $0.isPrivate ? "private" : "public"]
            }))
        }
    }
}

struct MemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member", abstract: "Roles of users in a group.", subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a user a role in a group (replaces the previous role).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Group id.") var group: Int64
        @Argument(help: "User email.") var email: String
        @OptionGroup var actor: AdminActorOptions
        @Option(help: "platform-admin, group-admin, coach, editor, contributor or learner.") var role: String

        func run() throws {
            let store = try global.openStore()
            let granted = try reportingErrors { try Role(name: role) }
            let current = try reportingErrors {
                try store.members(groupId: group).first { $0.user.email.lowercased() == email.trimmed.lowercased() }?.role
            }
            try actor.authorize(.grantRole(granted, groupId: group, replacing: current), store: store)
            try reportingErrors {
                try store.setMember(groupId: group, email: email, role: granted)
                print("\(email) is \(granted.rawValue) of group \(group)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a group's members.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Group id.") var group: Int64
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let store = try global.openStore()
            let members = try reportingErrors { try store.members(groupId: group) }
            if json { print(try Output.json(members)); return }
            print(Output.table(["EMAIL", "ROLE"], members.map { [$0.user.email, $0.role.rawValue] }))
        }
    }
}
