import ArgumentParser
import CourseBridgeConsole
import CourseBridgeCore
import CourseBridgeEngine
import CourseBridgeData
import CourseBridgeStore
import Foundation
import ProviderSimulator

/// The main job: demo data, the built-in provider simulator, the statistics server with the simulator pushing
/// xAPI statements to it, four integrations syncing, and the console on top (a summary when not on a terminal).
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Demo data + built-in provider simulator + statistics server, then the console.",
        discussion: "On a terminal the console opens at once while the four integrations sync; the simulator pushes LinkedIn and Percipio statements every few seconds. Without a terminal (or with --no-console) it syncs, pushes once and prints a summary.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Catalog size per provider in the simulator.") var items: Int = 2000
    @Option(help: "Simulator port (0 = any free port).") var port: Int = 0
    @Option(name: .customLong("push-every"), help: "Seconds between the simulator's statement pushes.") var pushEvery: Double = 5
    @Flag(name: .customLong("no-console"), help: "Print a summary instead of opening the console.") var noConsole = false
    @Option(help: ArgumentHelp("Colour theme for the console.", valueName: "name")) var theme: String?

    func validate() throws {
        guard (1...1_000_000).contains(items) else { throw ValidationError("--items must be between 1 and 1000000") }
        guard pushEvery > 0 else { throw ValidationError("--push-every must be a positive number of seconds") }
    }

    func run() throws {
        let store = try global.openStore(creatingDefault: true)
        SyncLeaseKeeper.releaseDeadLocalLeases(store: store)
        _ = try reportingErrors { try store.markInterruptedRuns() }
        let options = SimulatorOptions(items: items, seed: 42, credentials: .generated(seed: 42))
        let port = self.port
        let sim = try blocking { try await SimulatorServer.start(options: options, port: port) }
        defer { try? blocking { await sim.stop() } }
        let fresh = try reportingErrors { try store.integrations().isEmpty }
        if fresh { try reportingErrors { try DemoData.seed(store) } }
        try reportingErrors { try DemoData.connect(store, to: sim) }
        // The simulator's report is ready after two polls; a real tenant's 5 s first interval would only make the
        // demo's first Skillsoft sync wait 15 s.
        if ProcessInfo.processInfo.environment["COURSEBRIDGE_REPORT_POLL_SECONDS"] == nil {
            setenv("COURSEBRIDGE_REPORT_POLL_SECONDS", "0.2", 1)
        }
        let engine = SyncEngine(store: store, statistics: PulledStatistics(store: store))
        let logPath = global.databasePath + ".log"
        let onTerminal = !noConsole && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let statistics = try DemoStatistics.start(store: store, catalog: SimulatedCatalog(seed: 42, items: items), logPath: logPath,
                                                  roundSeconds: pushEvery)
        defer { statistics.stop() }

        let active = try reportingErrors { try store.integrations() }.filter { $0.state == .active }.compactMap(\.id)
        for id in active { _ = try? engine.start(integrationId: id) }
        if onTerminal {
            // Statements name synced courses: the simulator starts pushing once the first syncs are done.
            let every = pushEvery
            DispatchQueue.global().async {
                for id in active { _ = engine.wait(integrationId: id) }
                statistics.startPushing(every: every)
            }
            let actor = try reportingErrors { try Wiring.consoleActor(store: store, requested: nil) }
            let acting = try reportingErrors { try Wiring.consoleActingUser(store: store, email: actor) }
            let services = StoreConsoleServices(store: store, engine: engine, readOnly: false,
                                                endpoints: { provider in (sim.apiBase(for: provider), sim.tokenURL(for: provider)) },
                                                actor: acting)
            var consoleOptions = ConsoleOptions(themeName: theme, logPath: logPath, publicBaseURL: statistics.server.baseURL)
            consoleOptions.actor = acting
            let status = ConsoleApp.run(services: services, options: consoleOptions)
            for id in active { engine.cancel(integrationId: id) }
            for id in active { _ = engine.wait(integrationId: id) }
            if status != 0 { throw ExitCode(status) }
            return
        }
        print("CourseBridge demo — database \(global.databasePath), provider simulator \(sim.baseURL) (\(items) items per provider), "
              + "statistics server \(statistics.server.baseURL)\n")
        for id in active {
            let final = engine.wait(integrationId: id)
            let name = (try? store.integration(id: id).provider.displayName) ?? "integration \(id)"
            print("\(name): " + (final.map { SyncSummary.text($0) } ?? "no result"))
        }
        for line in statistics.pushOnce() { print(line) }
        print("\nIntegrations")
        try IntegrationCommand.List.parse(["--db", global.databasePath]).run()
        print("\nTry: coursebridge --db \(global.databasePath) console   ·   stats   ·   quarantine list   ·   runs")
    }
}

enum DemoData {
    static func seed(_ store: any DataStore) throws {
        let platform = try store.addGroup(name: "Acme Corp", parentId: nil, isPrivate: false)
        let sales = try store.addGroup(name: "Sales", parentId: platform.id, isPrivate: false)
        _ = try store.addGroup(name: "Sales — EMEA", parentId: sales.id, isPrivate: false)
        _ = try store.addGroup(name: "Leadership", parentId: platform.id, isPrivate: true)
        let admin = try store.addUser(User(email: "admin@acme.example", username: "admin", displayName: "Ada Admin"))
        try store.setMember(groupId: platform.id ?? 1, email: admin.email, role: .platformAdmin)
        // The simulator's learners are learner{N}@example.com.
        let learners = (1...50).map { n in
            (line: n, user: User(email: "learner\(n)@example.com", username: "learner\(n)", externalId: "EMP-\(1000 + n)",
                                 displayName: "Learner \(n)"))
        }
        _ = try store.addUsers(learners)
        for provider in Provider.allCases {
            let integration = try store.addIntegration(provider: provider, groupId: platform.id ?? 1, authorEmail: admin.email,
                                                       apiBase: nil, tokenURL: nil)
            if provider == .linkedin || provider == .skillsoft {
                try store.setTagSync(integrationId: integration.id ?? 0, enabled: true)
                _ = try store.webhookCredentials(integrationId: integration.id ?? 0, rotate: false)
            }
        }
    }

    /// Points the demo's integrations at this run's simulator and gives them its credentials.
    static func connect(_ store: any DataStore, to sim: SimulatorServer) throws {
        for integration in try store.integrations() where integration.state == .active {
            let id = integration.id ?? 0
            let provider = integration.provider
            try store.setEndpoints(integrationId: id, apiBase: sim.apiBase(for: provider), tokenURL: sim.tokenURL(for: provider))
            try store.setCredentials(integrationId: id, values: sim.credentialValues(for: provider))
        }
    }
}
