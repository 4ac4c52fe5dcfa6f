import ArgumentParser
import CourseBridgeCore
import Dispatch
import Foundation
import ProviderSimulator

/// `coursebridge simulate`: the four provider APIs on 127.0.0.1, for demos and tests.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Serve fake LinkedIn, Coursera, edX and Skillsoft APIs on 127.0.0.1.",
        discussion: "Type 'day' + Enter (or send SIGUSR1) to advance the simulated day; Ctrl-C stops.\n\n" + SimulatorFault.help)
    @Option(help: "Port (0 = any free port).") var port: Int = 8900
    @Option(help: "Catalog size per provider (up to 200000).") var items: Int = 1000
    @Option(help: "Seed of the generated catalogs.") var seed: UInt64 = 42
    @Option(help: "Fault to inject (repeatable); see below.") var fault: [String] = []
    @Option(help: "Response shapes: documented (the providers' published shapes) or legacy (older shapes a provider may still send).")
    var shapes: ResponseShapes = .documented
    @OptionGroup var push: SimulatePushOptions
    @Option(help: ArgumentHelp("Share of the catalog new, edited or retired per simulated day, e.g. 1% (default 3.4%: "
                               + "2% new, 1% edited, 0.4% retired; other values keep that mix).", valueName: "share"))
    var dailyChange: DailyChange = DailyChange(share: SimulatedCatalog.defaultDailyChange)
    @Option(help: ArgumentHelp("Serve a recording made by 'sync ID --record DIR' instead of the generated catalogs.", valueName: "dir"))
    var replay: String?

    func validate() throws {
        guard (0...200_000).contains(items) else { throw ValidationError("--items must be between 0 and 200000") }
        try push.validate()
    }

    func run() throws {
        if let replay { return try serveReplay(replay) }
        let faults: [SimulatorFault]
        do { faults = try SimulatorFault.parse(specs: fault) } catch { throw CLIError("\(error)") }
        let options = SimulatorOptions(items: items, seed: seed, faults: faults, credentials: .generated(seed: seed), shapes: shapes,
                                       dailyChange: dailyChange.share)
        let port = self.port
        let server = try blocking { try await SimulatorServer.start(options: options, port: port) }
        // Before the banner: a script may send SIGUSR1 as soon as it reads it, and SIGUSR1's default action ends
        // the process (scripts/chaos.py lost its simulator that way).
        signal(SIGUSR1, SIG_IGN)
        let usr1 = DispatchSource.makeSignalSource(signal: SIGUSR1, queue: .global())
        // Unbuffered: fflush(nil) here would wait for stdin's lock, held by the readLine() thread.
        usr1.setEventHandler { server.advanceDay(); FileHandle.standardOutput.write(Data("day \(server.day)\n".utf8)) }
        usr1.resume()
        print("provider simulator on \(server.baseURL) — \(items) items per provider, seed \(seed), day \(server.day), \(shapes.rawValue) shapes, "
              + "\(dailyChange) of the catalog changed per day")
        for provider in Provider.allCases {
            print("\n\(provider.displayName)")
            print("  --api-base \(server.apiBase(for: provider))" + (server.tokenURL(for: provider).map { " --token-url \($0)" } ?? ""))
            for (key, value) in server.credentialValues(for: provider).sorted(by: { $0.key < $1.key }) { print("  \(key)=\(value)") }
        }
        print("\n(simulated credentials, not secrets) — 'day' + Enter advances the day, Ctrl-C stops")
        fflush(nil)
        try push.startLoop(catalog: SimulatedCatalog(seed: seed, items: items), shapes: shapes)

        Thread.detachNewThread {
            while let line = readLine() {
                if line.trimmed == "day" { server.advanceDay(); print("day \(server.day)"); fflush(nil) }
            }
        }
        StopSignals.wait()
        try blocking { await server.stop() }
    }

    private func serveReplay(_ directory: String) throws {
        let library: ReplayLibrary
        do { library = try ReplayLibrary(directory: directory) } catch { throw CLIError("\(error)") }
        let port = self.port
        let server = try blocking { try await ReplayServer.start(library: library, port: port) }
        let manifest = library.manifest
        let provider = Provider(rawValue: manifest.provider)
        print("replaying \(library.count) exchanges recorded \(manifest.recordedAt) from \(directory) on \(server.baseURL)")
        print("\n\(provider?.displayName ?? manifest.provider)")
        print("  --api-base \(server.apiBase) --token-url \(server.tokenURL)")
        for field in provider?.credentialFields ?? [] where field.key != "tenant_url" {
            print("  \(field.key)=\(manifest.credentials[field.key] ?? "replay")")
        }
        if !manifest.learners.isEmpty {
            print("  learners named in the recording: \(manifest.learners.joined(separator: " "))")
        }
        print("\n(any credentials are accepted) — Ctrl-C stops")
        fflush(nil)
        StopSignals.wait()
        try blocking { await server.stop() }
    }
}

extension ResponseShapes: ExpressibleByArgument {}

/// `--daily-change`: a share of the catalog, written `1%` or `0.01`.
struct DailyChange: ExpressibleByArgument, CustomStringConvertible, Sendable {
    let share: Double

    init(share: Double) { self.share = share }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        let percent = text.hasSuffix("%")
        guard let value = Double(percent ? String(text.dropLast()) : text) else { return nil }
        let share = percent ? value / 100 : value
        guard share > 0, share <= 1 else { return nil }
        self.share = share
    }

    var description: String {
        let percent = share * 100
        return (percent == percent.rounded() ? String(Int(percent)) : String(format: "%.2g", percent)) + "%"
    }
}

// MARK: - Pushing statements to a CourseBridge server

/// `--push-to URL …`: while serving, act as LinkedIn Learning or Percipio pushing xAPI statements.
struct SimulatePushOptions: ParsableArguments {
    @Option(name: .customLong("push-to"), help: ArgumentHelp("Push xAPI statements to this CourseBridge server (coursebridge serve).", valueName: "url"))
    var url: String?
    @Option(name: .customLong("push-provider"), help: "Push as linkedin or skillsoft.") var provider: String = "linkedin"
    @Option(name: .customLong("push-client-id"), help: "Webhook client id (coursebridge integration webhook ID).") var clientId: String?
    @Option(name: .customLong("push-secret-file"), help: ArgumentHelp("File holding the webhook client secret (never on the command line).", valueName: "path"))
    var secretFile: String?
    @Option(name: .customLong("push-every"), help: "Seconds between pushes; 0 pushes once.") var every: Double = 60
    @Option(name: .customLong("push-learners"), help: "Learners learner0 … learner{N-1} who learn.") var learners: Int = 5
    @Option(name: .customLong("push-learner-id"), help: "Identify learners by email, username (learnerN) or external-id (EMP-1000+N).")
    var learnerId: String = "email"
    @Flag(name: .customLong("push-quirks"), help: "Send provider quirks: non-UUID ids, +0000 timestamps, lower-case homepage.")
    var quirks = false

    func validate() throws {
        guard let url else { return }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? "") else {
            throw ValidationError("--push-to must be an http:// or https:// URL, got '\(url)'")
        }
        guard PushProvider(name: provider) != nil else { throw ValidationError("--push-provider must be linkedin or skillsoft") }
        guard clientId?.isEmpty == false else { throw ValidationError("--push-to needs --push-client-id (see coursebridge integration webhook ID)") }
        guard secretFile != nil else { throw ValidationError("--push-to needs --push-secret-file PATH, a file holding the client secret") }
        guard every >= 0 else { throw ValidationError("--push-every must be 0 (once) or a number of seconds") }
        guard (1...100_000).contains(learners) else { throw ValidationError("--push-learners must be between 1 and 100000") }
        guard LearnerIdentification(rawValue: learnerId) != nil else {
            throw ValidationError("--push-learner-id must be email, username or external-id")
        }
    }

    /// Starts pushing on a background thread when `--push-to` is given; prints one line per push.
    func startLoop(catalog: SimulatedCatalog, shapes: ResponseShapes = .documented) throws {
        guard let url, let clientId, let secretFile, let provider = PushProvider(name: provider),
              let mode = LearnerIdentification(rawValue: learnerId) else { return }
        let secret: String
        do {
            secret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmed
        } catch {
            throw CLIError("cannot read the secret file \(secretFile): check the path and its permissions")
        }
        guard !secret.isEmpty else { throw CLIError("the secret file \(secretFile) is empty: put the webhook client secret in it") }
        let options = StatementGenerator.Options(provider: provider, learners: learners, identification: mode, quirks: quirks,
                                                 start: Date(), roundSeconds: every > 0 ? every : 60)
        let target = PushTarget(baseURL: url, provider: provider, clientId: clientId, clientSecret: secret)
        let loop = PushLoop(generator: StatementGenerator(catalog: catalog, options: options),
                            pusher: StatementPusher(target: target, shapes: shapes), interval: every)
        print("pushing \(target) " + (every > 0 ? "every \(StatsCommand.number(every)) s" : "once"))
        fflush(nil)
        // Unbuffered write: fflush(nil) from this thread would wait for stdin's lock, held by the
        // thread blocked in readLine(), and hang.
        loop.start { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    }
}

