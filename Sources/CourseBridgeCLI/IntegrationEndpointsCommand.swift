import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation

extension IntegrationCommand {
    /// Shows or changes where an integration's provider API and token endpoint are (a sandbox, a proxy,
    /// the simulator); `--default` goes back to the provider's own.
    struct Endpoints: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or change an integration's API base URL and OAuth2 token URL.",
            discussion: "Skillsoft reads its catalog from the tenant_url credential when one is set; the API base is then unused.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var actor: AdminActorOptions
        @Argument(help: "Integration id.") var id: Int64
        @Option(name: .customLong("api-base"), help: "New API base URL.") var apiBase: String?
        @Option(name: .customLong("token-url"), help: "New OAuth2 token URL.") var tokenURL: String?
        @Flag(name: .customLong("default"), help: "Back to the provider's own URLs.") var useDefault = false

        func run() throws {
            let store = try global.openStore()
            try actor.authorize(.integration(.endpoints, integrationId: id), store: store)
            try reportingErrors {
                let integration = try store.integration(id: id)
                let provider = integration.provider
                if useDefault && (apiBase != nil || tokenURL != nil) {
                    throw CLIError("--default cannot be combined with --api-base or --token-url")
                }
                try IntegrationCommand.requireHTTPURLs(apiBase, tokenURL)
                if useDefault || apiBase != nil || tokenURL != nil {
                    let base = useDefault ? provider.defaultAPIBase : apiBase ?? integration.apiBase
                    let token = useDefault ? provider.defaultTokenURL : tokenURL ?? integration.tokenURL
                    try store.setEndpoints(integrationId: id, apiBase: base, tokenURL: token)
                }
                let now = try store.integration(id: id)
                print("integration \(id) (\(provider.displayName))")
                print("  api base:  \(now.apiBase)")
                print("  token url: \(now.tokenURL ?? "none (\(provider.displayName) uses a bearer token)")")
            }
        }
    }
}
