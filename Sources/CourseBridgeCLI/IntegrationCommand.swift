import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeEngine
import CourseBridgeStore
import Foundation

struct IntegrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "integration", abstract: "Set up and configure provider integrations.",
        subcommands: [Add.self, Credentials.self, Test.self, List.self, Show.self, LearnerId.self, Tags.self, Webhook.self,
                      Schedule.self, Filters.self, Programs.self, Endpoints.self, Deactivate.self, Activate.self, Delete.self])

    /// API and token URLs given on the command line (`add`, `endpoints`): http or https, or refused.
    static func requireHTTPURLs(_ urls: String?...) throws {
        for url in urls.compactMap({ $0 }) {
            guard let scheme = URL(string: url)?.scheme, ["http", "https"].contains(scheme.lowercased()) else {
                throw CLIError("'\(url)' is not a URL (expected http:// or https://)")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an integration on a synchronized group.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "linkedin, coursera, edx or skillsoft.") var provider: String
        @Option(help: "The synchronized group's id.") var group: Int64
        @Option(help: "Email of the main author (an admin or editor of the group).") var author: String
        @Option(name: .customLong("api-base"), help: "Provider API base URL (default: the provider's).") var apiBase: String?
        @Option(name: .customLong("token-url"), help: "OAuth2 token URL (default: the provider's).") var tokenURL: String?

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.integration(.create, integrationId: nil), store: store)
            try reportingErrors {
                let provider = try Provider(name: provider)
                try IntegrationCommand.requireHTTPURLs(apiBase, tokenURL)
                let integration = try IntegrationAuthoring(store: store).addIntegration(
                    provider: provider, groupId: group, authorEmail: author, apiBase: apiBase, tokenURL: tokenURL)
                let id = integration.id ?? 0
                print("integration \(id) added: \(provider.displayName) on group \(group), daily at \(integration.schedule)")
                print("next: coursebridge integration credentials \(id)   (keys: \(provider.credentialFields.map(\.key).joined(separator: " ")))")
            }
        }
    }

    struct Credentials: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enter provider credentials: key=value lines on stdin, or prompts (no echo) on a terminal.",
            discussion: """
            Keys — edx: client_id client_secret; coursera: org_id client_id client_secret;
            linkedin: client_id client_secret; skillsoft: organization_id bearer_token tenant_url.
            Credentials are never taken from the command line.
            """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "Integration id.") var id: Int64

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.integration(.credentials, integrationId: id), store: store)
            let integration = try reportingErrors { try store.integration(id: id) }
            let values = try SecretPrompt.readCredentials(for: integration.provider)
            try reportingErrors { try store.setCredentials(integrationId: id, values: values) }
            print("credentials of integration \(id) saved (encrypted); check them with: coursebridge integration test \(id)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List integrations.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let store = try global.openStore()
            let views = try reportingErrors { try store.integrations().map { try IntegrationView($0, store: store) } }
            if json { print(try Output.json(views)); return }
            print(Output.table(["ID", "PROVIDER", "GROUP", "STATE", "SCHEDULE", "CREDENTIALS", "ACTIVE", "ARCHIVED"], views.map {
                ["\($0.id)", $0.provider, "\($0.groupId)", $0.state, $0.schedule, $0.credentials, "\($0.activeCourses)", "\($0.archivedCourses)"]
            }))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an integration; secrets are masked.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Integration id.") var id: Int64
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let store = try global.openStore()
            let view = try reportingErrors { try IntegrationView(try store.integration(id: id), store: store, detailed: true) }
            if json { print(try Output.json(view)); return }
            print(view.text)
        }
    }

    struct LearnerId: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "learner-id", abstract: "How pushed statements identify learners: email, username or external-id.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "Integration id.") var id: Int64
        @Argument(help: "email, username or external-id.") var mode: String

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.integration(.learnerId, integrationId: id), store: store)
            try reportingErrors {
                let mode = try LearnerIdentification(name: mode)
                try store.setLearnerIdentification(integrationId: id, mode: mode)
                print("integration \(id) identifies learners by \(mode.label) (\(mode.statementField))")
            }
        }
    }

    struct Tags: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Turn tag synchronization on or off.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "Integration id.") var id: Int64
        @Argument(help: "on or off.") var state: String

        func run() throws {
            guard ["on", "off"].contains(state) else { throw CLIError("use 'on' or 'off', not '\(state)'") }
            let store = try global.openStore()
            try actor.authorize(.integration(.tags, integrationId: id), store: store)
            try reportingErrors { try store.setTagSync(integrationId: id, enabled: state == "on") }
            print(state == "on"
                  ? "tag sync on: provider categories become tags at the next sync"
                  : "tag sync off: synced tags are removed at the next sync; manual tags stay")
        }
    }

    struct Webhook: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Webhook client id and secret the provider uses to push statistics (generated on first use).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "Integration id.") var id: Int64
        @Flag(help: "Generate a new secret; the old one and its tokens stop working.") var rotate = false
        // The secret is stored as a hash and cannot be shown again; kept so old scripts get a clear answer.
        @Flag(help: .hidden) var reveal = false

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.integration(.webhook, integrationId: id), store: store)
            try reportingErrors {
                let integration = try store.integration(id: id)
                guard integration.provider.pushesStatements else {
                    throw CLIError("\(integration.provider.displayName) statistics are pulled daily; webhook credentials are for LinkedIn Learning and Skillsoft")
                }
                let (creds, generated) = try store.webhookCredentials(integrationId: id, rotate: rotate)
                if reveal && !generated {
                    throw CLIError("the webhook client secret is stored as a hash and cannot be shown again; get a new one with: coursebridge integration webhook \(id) --rotate")
                }
                print("client id:     \(creds.clientId)")
                guard let secret = creds.clientSecret else {
                    print("client secret: stored as a hash; rotate to get a new one (coursebridge integration webhook \(id) --rotate)")
                    return
                }
                print("client secret: \(secret)")
                print("shown once: copy it now. Only its hash is kept; it cannot be shown again.")
                print(rotate ? "the secret was rotated: update it at the provider" : "paste the secret at the provider")
            }
        }
    }

    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the daily sync time in an IANA time zone, and how often the run reads the whole listing.",
            discussion: "Between full listings, a daily run reads only what changed since the last complete run (LinkedIn, Coursera, Skillsoft; edX always reads everything).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "Integration id.") var id: Int64
        @Option(help: "Local time HH:MM.") var at: String?
        @Option(help: "IANA time zone.") var tz: String = DailySchedule.defaultTimeZone
        @Option(name: .customLong("full-every"), help: ArgumentHelp("Read the whole listing at least every N days (default 7).", valueName: "days"))
        var fullEvery: Int?

        func validate() throws {
            if at == nil, fullEvery == nil { throw ValidationError("give --at HH:MM, --full-every DAYS, or both") }
            if let fullEvery, fullEvery < 1 { throw ValidationError("--full-every takes a number of days of 1 or more") }
        }

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.integration(.schedule, integrationId: id), store: store)
            try reportingErrors {
                if let at {
                    let schedule = try DailySchedule(time: at, timeZone: tz)
                    try store.setSchedule(integrationId: id, schedule: schedule)
                    print("integration \(id) syncs daily at \(schedule); next run \(Output.date(schedule.nextRun(after: Date())))")
                }
                if let fullEvery {
                    try store.setFullListingInterval(integrationId: id, days: fullEvery)
                    print("integration \(id) reads its whole listing every \(Plural.count(fullEvery, "day", "days")); the runs between read only changes")
                }
            }
        }
    }
}
