import ArgumentParser
import CourseBridgeCore
import CourseBridgeEngine
import CourseBridgeProviders
import CourseBridgeData
import CourseBridgeStore

extension IntegrationCommand {
    /// Coursera program mapping: list the organisation's programs and choose which are synchronized.
    struct Programs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Coursera program mapping: list programs, select some (--select, repeatable) or all (--all, auto-mapping).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "Integration id.") var id: Int64
        @Option(help: "A program id to synchronize (repeat for several).") var select: [String] = []
        @Flag(help: "Synchronize every program (auto-mapping, the default).") var all = false

        func validate() throws {
            if all && !select.isEmpty { throw ValidationError("use either --select or --all") }
        }

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.integration(.programs, integrationId: id), store: store)
            let programs: [ProviderProgram]
            do { programs = try SyncEngine(store: store).programs(integrationId: id) } catch { throw CLIError("\(error)") }
            if all || !select.isEmpty {
                let known = Set(programs.map(\.id))
                if let unknown = select.first(where: { !known.contains($0) }) {
                    throw CLIError("program '\(unknown)' is not one of this organisation's programs: \(programs.map(\.id).joined(separator: ", "))")
                }
                try reportingErrors { try store.setSelectedPrograms(integrationId: id, programs: all ? [] : select) }
            }
            let selected = Set(try reportingErrors { try store.integration(id: id) }.selectedPrograms)
            print(Output.table(["PROGRAM", "NAME", "SYNCHRONIZED"], programs.map {
                [$0.id, $0.name, selected.isEmpty || selected.contains($0.id) ? "yes" : "no"]
            }))
            if selected.isEmpty { print("all programs are synchronized (auto-mapping)") }
        }
    }
}
