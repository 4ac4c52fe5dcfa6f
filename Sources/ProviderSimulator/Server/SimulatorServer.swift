import CourseBridgeCore
import Foundation
import Hummingbird
import Logging

/// The four provider APIs served on one port under `/linkedin`, `/coursera`, `/edx` and
/// `/skillsoft` (providers.md §5). Start one per test or per `coursebridge simulate` run.
public final class SimulatorServer: Sendable {
    let engine: SimulatorEngine
    private let task: Task<Void, any Error>
    public let port: Int
    private let host: String

    private init(engine: SimulatorEngine, task: Task<Void, any Error>, host: String, port: Int) {
        self.engine = engine
        self.task = task
        self.host = host
        self.port = port
    }

    /// Starts listening and returns once the port is bound (`port: 0` picks a free one).
    public static func start(options: SimulatorOptions, host: String = "127.0.0.1", port: Int = 0) async throws
        -> SimulatorServer {
        let engine = SimulatorEngine(options: options)
        let (task, boundPort) = try await LoopbackApp.start(host: host, port: port, label: "ProviderSimulator") { request in
            try await Self.respond(engine, request)
        }
        return SimulatorServer(engine: engine, task: task, host: host, port: boundPort)
    }

    /// Stops listening; waits for the server to shut down.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    // MARK: - Addresses and credentials

    public var baseURL: String { "http://\(host):\(port)" }

    public func apiBase(for provider: Provider) -> String {
        switch provider {
        case .linkedin: baseURL + "/linkedin/v2"
        case .coursera: baseURL + "/coursera/ent/api/businesses.v1"
        case .edx: baseURL + "/edx"
        case .skillsoft: baseURL + "/skillsoft"
        }
    }

    public func tokenURL(for provider: Provider) -> String? {
        switch provider {
        case .linkedin: baseURL + "/linkedin/oauth/v2/accessToken"
        case .coursera: baseURL + "/coursera/oauth2/client_credentials/token"
        case .edx: baseURL + "/edx/oauth2/v1/access_token"
        case .skillsoft: nil
        }
    }

    /// Credential values keyed as `Provider.credentialFields`, Skillsoft's `tenant_url` included.
    public func credentialValues(for provider: Provider) -> [String: String] {
        var values = engine.credentials.credentialValues(for: provider)
        if provider == .skillsoft { values["tenant_url"] = apiBase(for: .skillsoft) }
        return values
    }

    public var credentials: SimulatorCredentials { engine.credentials }

    // MARK: - Control

    /// Moves to the next day: new items, changed titles, retirements, drops, more learner progress.
    public func advanceDay() { engine.state.withLock { $0.advanceDay() } }

    public var day: Int { engine.catalog.day }

    /// The catalogs being served today (pure: use it to compute expectations).
    public var catalog: SimulatedCatalog { engine.catalog }

    /// Replaces the active faults; their counts start again.
    public func setFaults(_ faults: [SimulatorFault]) { engine.state.withLock { $0.setFaults(faults) } }

    /// Requests served so far (every path, every status).
    public var requestCount: Int { engine.state.withLock { $0.requestCount } }

    /// Entries the provider's full listing returns today (all types; LinkedIn: all locales, retired included).
    public func catalogSize(for provider: Provider) -> Int {
        let catalog = engine.catalog
        let locales: [ListingQuery] = provider == .linkedin
            ? LinkedInLocales.all.indices.map { ListingQuery(provider: .linkedin, variant: .linkedinLocale($0, includeRetired: true)) }
            : [ListingQuery(provider: provider, variant: provider == .edx ? .edxCatalog(0) : .all)]
        return locales.reduce(0) { $0 + engine.listing($1, on: catalog).total }
    }
}

/// The simulator could not listen.
public struct SimulatorStartError: Error, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let underlying: String
    public var description: String {
        "the provider simulator could not listen on \(host):\(port) (\(underlying)): choose another --port or stop the process using it"
    }
}
