import ArgumentParser
import CourseBridgeCore
import CourseBridgeEngine
import CourseBridgeData
import CourseBridgeStore
import Dispatch
import Foundation

/// `coursebridge sync ID`: a manual sync with live progress (a bar on a terminal, plain lines otherwise).
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Synchronize an integration's catalog now.",
        discussion: "Ctrl-C cancels the run; a cancelled or failed run archives nothing. Exit status: 0 done, 1 failed, 3 held for --confirm-archive, 130 cancelled (Ctrl-C, as a shell reports an interrupted command).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var actor: AdminActorOptions
    @Argument(help: "Integration id.") var id: Int64
    @Flag(name: .customLong("dry-run"), help: "Show what would change without writing.") var dryRun = false
    @Flag(name: .customLong("confirm-archive"), help: "Archive even an unusual share of the active courses.") var confirmArchive = false
    @Flag(help: "Read the whole listing even when only what changed since the last complete run would be read.") var full = false
    @Flag(help: "Print a JSON summary.") var json = false
    @Flag(help: "Progress lines on stderr even when it is not a terminal (by default a script or cron job gets only the summary, and errors).")
    var progress = false
    @Option(help: ArgumentHelp("Write every request and response of this run to an empty folder, secrets, tokens and e-mail addresses scrubbed (replay it with 'simulate --replay').", valueName: "dir"))
    var record: String?

    func run() throws {
        let store = try global.openStore()
        try actor.authorize(.integration(.sync, integrationId: id), store: store)
        _ = try reportingErrors { try store.markInterruptedRuns() }
        let recording = try record.map { try RunRecording(directory: $0) }
        let engine = SyncEngine(store: store, statistics: PulledStatistics(store: store),
                                makeSource: recording?.sourceFactory ?? SyncEngine.defaultSource)
        do {
            try engine.start(integrationId: id, dryRun: dryRun, confirmArchive: confirmArchive, forceFull: full)
        } catch { throw CLIError(error.description) }

        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signal(SIGINT, SIG_IGN)
        interrupt.setEventHandler { engine.cancel(integrationId: id) }
        interrupt.resume()

        let terminal = isatty(STDERR_FILENO) == 1
        let renderer = ProgressRenderer(live: terminal && !json, quiet: !terminal && !progress)
        while engine.isRunning {
            if let p = engine.progress(integrationId: id) { renderer.show(p) }
            usleep(100_000)
        }
        guard let final = engine.wait(integrationId: id) else { throw CLIError("the run ended without a result") }
        renderer.finish(final)
        if let recording { try recording.finish() }
        // stdout: the summary (or JSON) for scripts; stderr: why a run did not succeed, as for every error.
        print(json ? try Output.json(final) : SyncSummary.text(final, withMessage: final.phase == .succeeded))
        // A cancellation is what the administrator asked for, not an error: say what was done, exit as interrupted.
        if final.phase == .cancelled {
            FileHandle.standardError.write(Data((SyncSummary.cancelled(final) + "\n").utf8))
            throw ExitCode(SyncSummary.cancelledExitCode)
        }
        if final.phase != .succeeded, let message = final.message {
            FileHandle.standardError.write(Data("Error: \(Output.inert(message))\n".utf8))
        }
        switch final.phase {
        case .succeeded: return
        case .held: throw ExitCode(3)
        default: throw ExitCode.failure
        }
    }
}

enum SyncSummary {
    /// 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C.
    static let cancelledExitCode: Int32 = 130

    /// "cancelled: 12 pages read (1200 items), nothing archived".
    static func cancelled(_ p: SyncProgress) -> String {
        "cancelled: \(p.pages) page\(p.pages == 1 ? "" : "s") read (\(p.itemsSeen) item\(p.itemsSeen == 1 ? "" : "s")), nothing archived"
            + (p.counts.created + p.counts.updated > 0
                ? "; the \(p.counts.created) created and \(p.counts.updated) updated courses of those pages are kept" : "")
    }

    static func text(_ p: SyncProgress, withMessage: Bool = true) -> String {
        let c = p.counts
        let listing = p.listingKind.map { " (\($0.label) listing)" } ?? ""
        var s = "\(p.dryRun ? "dry run" : "run \(p.runId)")\(listing) \(p.phase.label): \(c.created) created, \(c.updated) updated, "
            + "\(c.archived) archived\(p.heldArchive.map { " (\($0.courses) held for confirmation)" } ?? ""), \(c.ignored) ignored, \(c.unchanged) unchanged; \(p.itemsSeen) items in \(p.pages) pages, "
            + String(format: "%.1f s", p.elapsedSeconds)
        if withMessage, let message = p.message { s += "\n\(message)" }
        return s
    }
}

/// Draws progress on stderr so stdout stays a clean summary.
final class ProgressRenderer: @unchecked Sendable {  // used from the main thread only
    let live: Bool
    /// Not a terminal and no `--progress`: stderr is for errors only.
    let quiet: Bool
    private var lastPhase: SyncProgress.Phase?
    private var lastPages = 0

    init(live: Bool, quiet: Bool = false) {
        self.live = live
        self.quiet = quiet
    }

    func show(_ p: SyncProgress) {
        if quiet { return }
        if live {
            write("\r\u{1B}[2K" + line(p))
        } else if p.phase != lastPhase || p.pages >= lastPages + 50 {
            write(line(p) + "\n")
            lastPages = p.pages
        }
        lastPhase = p.phase
    }

    func finish(_ p: SyncProgress) {
        if live { write("\r\u{1B}[2K" + line(p) + "\n") }
    }

    func line(_ p: SyncProgress) -> String {
        let width = 30
        let fraction = p.fraction ?? 0
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let pct = p.fraction.map { String(format: "%3.0f%%", $0 * 100) } ?? "  ?%"
        let eta = p.etaSeconds.map { String(format: " ETA %.0fs", $0) } ?? ""
        let c = p.counts
        return "[\(bar)] \(pct) \(p.phaseText) · \(p.itemsSeen) items, \(p.pages) pages · +\(c.created) ~\(c.updated) =\(c.unchanged) "
            + "ignored \(c.ignored) · \(Int(p.itemsPerSecond)) items/s\(eta)"
    }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}
