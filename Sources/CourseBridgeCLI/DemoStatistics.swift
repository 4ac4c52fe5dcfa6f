import CourseBridgeEngine
import CourseBridgeServer
import CourseBridgeData
import CourseBridgeStore
import Foundation
import ProviderSimulator
import Synchronization

/// The demo's statistics side: the xAPI server in-process, and the simulator acting as LinkedIn Learning and
/// Percipio pushing statements to it with each integration's webhook credentials.
final class DemoStatistics: Sendable {
    let server: StatisticsServer
    private let generators: [(StatementGenerator, StatementPusher)]
    private let loops = Mutex<[PushLoop]>([])
    private let log: LogSink

    private init(server: StatisticsServer, generators: [(StatementGenerator, StatementPusher)], log: LogSink) {
        self.server = server
        self.generators = generators
        self.log = log
    }

    /// Learners learner0 … learner7: learner0 has no account on the demo platform, so its statements show in
    /// the quarantine.
    static let learners = 8

    /// `roundSeconds`: how far the statements' timestamps advance per push (the push interval keeps them on the clock).
    static func start(store: any DataStore, catalog: SimulatedCatalog, logPath: String, roundSeconds: Double) throws -> DemoStatistics {
        let log: LogSink
        do { log = try LogSink.file(logPath) } catch { throw CLIError("cannot write the log file \(logPath): check the folder is writable") }
        let settings = ServerSettings(host: "127.0.0.1", port: 0)
        let logger = log.logger(label: "coursebridge.demo")
        let server: StatisticsServer
        do { server = try blocking { try await StatisticsServer.start(services: StatisticsServices(store: store), settings: settings, logger: logger) } } catch {
            throw CLIError("the demo's statistics server did not start: \(error)")
        }
        var generators: [(StatementGenerator, StatementPusher)] = []
        for integration in try reportingErrors({ try store.integrations() }) where integration.state == .active {
            guard let id = integration.id, let push = PushProvider.allCases.first(where: { $0.provider == integration.provider }) else { continue }
            // Only the secret's hash is stored: the demo pushes with a freshly rotated one.
            let (credentials, _) = try reportingErrors { try store.webhookCredentials(integrationId: id, rotate: true) }
            let target = PushTarget(baseURL: server.baseURL, provider: push, clientId: credentials.clientId,
                                    clientSecret: credentials.clientSecret ?? "")
            let options = StatementGenerator.Options(provider: push, learners: learners, identification: integration.learnerIdentification,
                                                     start: Date(), roundSeconds: roundSeconds)
            generators.append((StatementGenerator(catalog: catalog, options: options), StatementPusher(target: target)))
        }
        return DemoStatistics(server: server, generators: generators, log: log)
    }

    /// Pushes every `every` seconds on background threads; each push is one line in the log.
    func startPushing(every: Double) {
        let started = generators.map { generator, pusher in PushLoop(generator: generator, pusher: pusher, interval: every) }
        loops.withLock { $0 = started }
        let logger = log.logger(label: "coursebridge.demo.push")
        for loop in started { loop.start { line in logger.info("\(line)") } }
    }

    /// One round per provider, now; returns the push lines.
    func pushOnce() -> [String] {
        generators.map { generator, pusher in
            let outcome = Result { () throws(PushError) in try pusher.push(generator.batch(0)) }
            return "\(generator.options.provider.provider.displayName) " + PushLoop.line(round: 0, outcome)
        }
    }

    func stop() {
        for loop in loops.withLock({ $0 }) { loop.stop() }
        try? blocking { await self.server.stop() }
    }
}
