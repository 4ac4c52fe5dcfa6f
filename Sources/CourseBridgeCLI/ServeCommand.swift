import ArgumentParser
import CourseBridgeEngine
import CourseBridgeServer
import CourseBridgeData
import CourseBridgeStore
import Dispatch
import Foundation
import Logging

/// `coursebridge serve`: the xAPI/OAuth2 endpoints, launch and health, plus the daily scheduler.
/// Logs go to `--log FILE` or stderr, never stdout.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the statistics endpoints (tokens, xAPI statements, launch) and run scheduled syncs.",
        discussion: """
            Ctrl-C or SIGTERM stops gracefully. Every accepted statement is committed before the reply.
            To face the internet, serve HTTPS with --tls-cert/--tls-key, or stay on 127.0.0.1 behind a TLS reverse
            proxy (nginx, Caddy) named with --trusted-proxy.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port (0 = any free port).") var port: Int = 8080
    @Option(help: ArgumentHelp("Log file (default: stderr).", valueName: "path")) var log: String?
    @Option(name: .customLong("body-limit"), help: "Largest statements body in bytes; larger ones get 413 (other endpoints take 8 KiB).") var bodyLimit: Int = 4 << 20
    @Flag(name: .customLong("no-scheduler"), help: "Do not run scheduled catalog syncs.") var noScheduler = false
    @Option(name: .customLong("idle-timeout"), help: "Seconds of silence before a connection is closed.") var idleTimeout: Double = 30
    @Option(name: .customLong("request-timeout"),
            help: "Seconds a request may take to arrive whole (head and body); slower ones are dropped.") var requestTimeout: Double = 30
    @Option(name: .customLong("max-connections"), help: "Open connections at most; further ones are closed at once.")
    var maxConnections: Int = 512
    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("Serve HTTPS with this PEM certificate chain (with --tls-key).", valueName: "file"))
    var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM private key of --tls-cert, unencrypted.", valueName: "file"))
    var tlsKey: String?
    @Option(name: .customLong("trusted-proxy"),
            help: ArgumentHelp("IP address of a reverse proxy whose X-Forwarded-For names the client (repeatable).", valueName: "address"))
    var trustedProxies: [String] = []
    @Flag(name: .customLong("bench-endpoints"), help: .hidden) var benchEndpoints = false
    /// How long a sync lease lasts without renewal; shorter only for the fault suite's takeover scenario.
    @Option(name: .customLong("sync-lease-seconds"), help: .hidden) var syncLeaseSeconds: Double = 60

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard bodyLimit > 0 else { throw ValidationError("--body-limit must be a positive number of bytes") }
        guard idleTimeout > 0 else { throw ValidationError("--idle-timeout must be a positive number of seconds") }
        guard requestTimeout > 0 else { throw ValidationError("--request-timeout must be a positive number of seconds") }
        guard maxConnections > 0 else { throw ValidationError("--max-connections must be a positive number") }
        guard syncLeaseSeconds >= 3 else { throw ValidationError("--sync-lease-seconds must be at least 3 seconds") }
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together: pass the certificate chain and its private key")
        }
        for address in trustedProxies where ClientAddress.canonical(address) == nil {
            throw ValidationError("--trusted-proxy '\(address)' is not an IP address: give the proxy's address as the server sees it, e.g. 127.0.0.1")
        }
    }

    func run() throws {
        let store = try global.openStore()
        // A run the previous process left "running" was killed with it: record it as interrupted.
        SyncLeaseKeeper.releaseDeadLocalLeases(store: store)
        _ = try reportingErrors { try store.markInterruptedRuns() }
        let sink: LogSink
        do { sink = try log.map(LogSink.file) ?? .standardError } catch {
            throw CLIError("cannot write the log file \(log ?? ""): check the folder exists and is writable")
        }
        let logger = sink.logger(label: "coursebridge.serve")
        let tls = tlsCert.flatMap { cert in tlsKey.map { TLSFiles(certificatePath: cert, keyPath: $0) } }
        let settings = ServerSettings(host: host, port: port, bodyLimit: bodyLimit, idleTimeout: idleTimeout,
                                      requestTimeout: requestTimeout, maxConnections: maxConnections,
                                      trustedProxies: Set(trustedProxies.compactMap(ClientAddress.canonical)),
                                      tls: tls, benchEndpoints: benchEndpoints)
        let server: StatisticsServer
        do {
            server = try blocking { try await StatisticsServer.start(services: StatisticsServices(store: store), settings: settings, logger: logger) }
        } catch {
            throw CLIError("\(error)")
        }
        var scheduler: Scheduler?
        if !noScheduler {
            let engine = SyncEngine(store: store, statistics: PulledStatistics(store: store), leaseSeconds: syncLeaseSeconds)
            scheduler = Scheduler(store: store, engine: engine, onEvent: { event in logger.info("\(event)") })
            scheduler?.start()
        }
        FileHandle.standardError.write(Data("coursebridge serving on \(server.baseURL)\n".utf8))
        logger.info("listening", metadata: ["url": "\(server.baseURL)"])

        StopSignals.wait()
        logger.info("stopping")
        scheduler?.stop()
        try blocking { await server.stop() }
    }
}
