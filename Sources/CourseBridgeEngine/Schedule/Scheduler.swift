import CourseBridgeCore
import CourseBridgeData
import Dispatch
import Foundation
import Synchronization

/// Starts each active integration's daily sync when it is due (and a missed one at start-up).
/// The decision is `ScheduleRules.isDue`; this class only ticks and starts runs.
public final class Scheduler: Sendable {
    private let store: any DataStore
    private let engine: SyncEngine
    private let now: @Sendable () -> Date
    private let timer = TimerHolder()
    private let onEvent: @Sendable (String) -> Void

    public init(store: any DataStore, engine: SyncEngine, now: @escaping @Sendable () -> Date = { Date() },
                onEvent: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store
        self.engine = engine
        self.now = now
        self.onEvent = onEvent
    }

    /// One pass: starts the due runs, returns the integration ids started.
    @discardableResult
    public func tick(trigger: SyncTrigger = .schedule) -> [Int64] {
        guard let integrations = try? store.integrations() else { return [] }
        // Runs whose process died and whose lease expired are interrupted; their integration is due again below,
        // so a surviving instance takes the run over.
        _ = try? store.markInterruptedRuns()
        var started: [Int64] = []
        for integration in integrations where integration.state == .active && integration.hasCredentials {
            guard let id = integration.id else { continue }
            let last = try? store.lastRunStart(integrationId: id)
            guard ScheduleRules.isDue(schedule: integration.schedule, lastRun: last, configuredAt: integration.configuredAt, now: now())
            else { continue }
            let (store, now) = (store, now)
            let stillDue: @Sendable () -> Bool = {
                let last = try? store.lastRunStart(integrationId: id)
                return ScheduleRules.isDue(schedule: integration.schedule, lastRun: last, configuredAt: integration.configuredAt, now: now())
            }
            do {
                try engine.start(integrationId: id, trigger: trigger, onlyIf: stillDue)
                started.append(id)
                onEvent("scheduled sync of integration \(id) started")
            } catch .heldElsewhere, .noLongerDue {
                continue  // another instance runs (or ran) it: exactly one run per due sync
            } catch {
                onEvent("scheduled sync of integration \(id) not started: \(error)")
            }
        }
        return started
    }

    /// Catches up missed runs now, then checks every `interval` seconds.
    public func start(interval: Double = 30) {
        tick(trigger: .startup)
        let source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "coursebridge.scheduler"))
        source.schedule(deadline: .now() + interval, repeating: interval)
        source.setEventHandler { [weak self] in self?.tick() }
        source.resume()
        timer.replace(with: source)
    }

    public func stop() {
        timer.replace(with: nil)
    }
}

/// Holds the repeating timer; DispatchSource is thread-safe but not marked Sendable, so access is locked here.
private final class TimerHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var source: DispatchSourceTimer?

    func replace(with new: DispatchSourceTimer?) {
        lock.lock()
        defer { lock.unlock() }
        source?.cancel()
        source = new
    }
}
