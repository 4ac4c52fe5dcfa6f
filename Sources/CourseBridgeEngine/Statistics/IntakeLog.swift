import CourseBridgeCore
import CourseBridgeData
import Foundation
import Synchronization

/// What the statement endpoints received, aggregated per integration and written to the event log at most
/// once per `interval` (one line per integration with traffic, one per provider with refused token
/// requests): an event per request would cost a write per statement at thousands per second. Bounded
/// whatever senders do: one entry per integration and per provider, never per client id or address.
public final class IntakeLog: Sendable {
    struct Tally: Equatable {
        var requests = 0
        var stored = 0
        var duplicates = 0
        var outcomes: [StatementOutcome: Int] = [:]
        var firstQuarantineReason: String?
        var refused = 0
    }

    private let store: any DataStore
    private let interval: TimeInterval
    private let now: @Sendable () -> Date
    private let state: Mutex<(tallies: [Int64: Tally], tokenFailures: [Provider: (count: Int, last: String)], since: Date)>

    public init(store: any DataStore, interval: TimeInterval = 10, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.interval = interval
        self.now = now
        state = Mutex(([:], [:], now()))
    }

    /// A statements request's result: what each statement became (nil outcome = a duplicate).
    public func statements(integrationId: Int64, _ results: [IngestedStatement]) {
        record {
            var tally = $0.tallies[integrationId] ?? Tally()
            tally.requests += 1
            for result in results {
                guard let outcome = result.outcome else { tally.duplicates += 1; continue }
                tally.stored += 1
                tally.outcomes[outcome, default: 0] += 1
                if outcome == .quarantined, tally.firstQuarantineReason == nil { tally.firstQuarantineReason = result.reason }
            }
            $0.tallies[integrationId] = tally
        }
    }

    /// A statements request refused as a whole (bad JSON, a conflict, a full disk).
    public func refused(integrationId: Int64) {
        record { $0.tallies[integrationId, default: Tally()].refused += 1 }
    }

    /// A token request with a wrong client id or secret; `detail` is already inert (the caller escapes it).
    public func tokenFailure(provider: Provider, detail: String) {
        record {
            let count = ($0.tokenFailures[provider]?.count ?? 0) + 1
            $0.tokenFailures[provider] = (count, String(detail.prefix(200)))
        }
    }

    private func record(_ change: (inout (tallies: [Int64: Tally], tokenFailures: [Provider: (count: Int, last: String)], since: Date)) -> Void) {
        let due = state.withLock { state -> Bool in
            change(&state)
            return now().timeIntervalSince(state.since) >= interval
        }
        if due { flush() }
    }

    /// Writes what was gathered since the last flush as events (also called when `serve` stops).
    public func flush() {
        let (tallies, failures, since) = state.withLock { state in
            let taken = (state.tallies, state.tokenFailures, state.since)
            state.tallies = [:]
            state.tokenFailures = [:]
            state.since = now()
            return taken
        }
        let seconds = max(1, Int(now().timeIntervalSince(since).rounded()))
        for (integrationId, tally) in tallies.sorted(by: { $0.key < $1.key }) {
            for line in Self.lines(tally, seconds: seconds) {
                try? store.appendEvent(line.kind, severity: line.severity, integrationId: integrationId, message: line.message)
            }
        }
        for (provider, failure) in failures.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            try? store.appendEvent(.tokenFailure, severity: .warning, integrationId: nil,
                                   message: "\(failure.count) \(provider.displayName) token request\(failure.count == 1 ? "" : "s") refused in \(seconds) s; last: \(failure.last)")
        }
    }

    /// The event lines of one integration's tally (pure, for tests).
    static func lines(_ tally: Tally, seconds: Int) -> [(kind: PlatformEvent.Kind, severity: PlatformEvent.Severity, message: String)] {
        var lines: [(PlatformEvent.Kind, PlatformEvent.Severity, String)] = []
        if tally.stored + tally.duplicates > 0 {
            let outcomes = StatementOutcome.allCases.compactMap { o in tally.outcomes[o].map { "\($0) \(o.rawValue)" } }
            var message = "\(tally.stored) statement\(tally.stored == 1 ? "" : "s") in \(tally.requests) request\(tally.requests == 1 ? "" : "s") over \(seconds) s"
            if !outcomes.isEmpty { message += ": " + outcomes.joined(separator: ", ") }
            if tally.duplicates > 0 { message += "; \(tally.duplicates) duplicate\(tally.duplicates == 1 ? "" : "s") ignored" }
            lines.append((.statements, .info, message))
        }
        if let quarantined = tally.outcomes[.quarantined], quarantined > 0 {
            lines.append((.quarantine, .warning, "\(quarantined) statement\(quarantined == 1 ? "" : "s") quarantined"
                + (tally.firstQuarantineReason.map { ", e.g. \($0)" } ?? "") + "; see coursebridge quarantine list"))
        }
        if tally.refused > 0 {
            lines.append((.error, .error, "\(tally.refused) statements request\(tally.refused == 1 ? "" : "s") refused (nothing stored)"))
        }
        return lines
    }
}
