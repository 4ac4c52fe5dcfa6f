import ArgumentParser
import CourseBridgeCore
import CourseBridgeEngine
import CourseBridgeData
import CourseBridgeStore

extension IntegrationCommand {
    /// TEST CONNECTION: a token and one small listing call; says exactly what happened.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "TEST CONNECTION: get a token and make one small listing call.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "Integration id.") var id: Int64

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.integration(.test, integrationId: id), store: store)
            let integration = try reportingErrors { try store.integration(id: id) }
            let result: ConnectionTestOutcome
            do {
                let r = try SyncEngine(store: store).testConnection(integrationId: id)
                result = ConnectionTestOutcome(ok: r.isOK, message: r.message(for: integration.provider))
            } catch { throw CLIError(error.description) }
            if result.ok {
                print(result.message)
            } else {
                throw CLIError(result.message)
            }
        }
    }

    /// Language and content-type filters; saving archives non-matching courses at once.
    struct Filters: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the language (LinkedIn, Skillsoft) and content-type (Skillsoft) filters.",
            discussion: "Several values of one filter are OR; different filters are AND. Saving archives the courses that no longer match at once. With no --language and no --type, the filters are cleared.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "Integration id.") var id: Int64
        @Option(help: "A language code (repeat for several).") var language: [String] = []
        @Option(help: "A content type (repeat for several).") var type: [String] = []
        @Flag(name: .customLong("dry-run"), help: "Show how many courses would be archived, and which, without saving.") var dryRun = false

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.integration(.filters, integrationId: id), store: store)
            try reportingErrors {
                let integration = try store.integration(id: id)
                let provider = integration.provider
                if !language.isEmpty && !provider.supportsLanguageFilter {
                    throw CLIError("\(provider.displayName) has no language filter (LinkedIn Learning and Skillsoft do)")
                }
                if !type.isEmpty && !provider.supportsContentTypeFilter {
                    throw CLIError("\(provider.displayName) has no content-type filter (Skillsoft does)")
                }
                let types = type.map { $0.lowercased() }
                if let bad = types.first(where: { !ContentTypeNames.skillsoft.contains($0) }) {
                    throw CLIError("unknown content type '\(bad)': use one of \(ContentTypeNames.skillsoft.joined(separator: ", "))")
                }
                let filter = CatalogFilter(languages: language, contentTypes: types)
                let impact = try CatalogFilterSettings(store: store).impact(integrationId: id, filter: filter)
                if dryRun {
                    print("saving these filters would archive \(Plural.count(impact.count, "course")) of integration \(id); nothing was saved")
                    for course in impact.prefix(50) { print("  \(course.id ?? 0)  \(course.providerId)  \(Output.inert(course.title))") }
                    if impact.count > 50 { print("  … and \(impact.count - 50) more") }
                    return
                }
                let archived = try CatalogFilterSettings(store: store).save(integrationId: id, filter: filter)
                print("filters saved (language: \(language.isEmpty ? "all" : language.joined(separator: " or ")); type: \(types.isEmpty ? "all" : types.joined(separator: " or "))); \(Plural.count(archived.count, "course")) archived now")
            }
        }
    }
}

struct ConnectionTestOutcome {
    var ok: Bool
    var message: String
}

import CourseBridgeCore

enum ContentTypeNames {
    static let skillsoft = ContentType.skillsoftTypes
}
