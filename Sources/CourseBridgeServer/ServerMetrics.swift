import CourseBridgeCore
import CourseBridgeEngine
import Foundation
import Prometheus
import Synchronization

/// The counters `serve` exports at `GET /metrics` (Prometheus text format), the same events the event log
/// aggregates (`IntakeLog`). Every label comes from a fixed set (provider, outcome, status class, an existing
/// integration id): nothing a sender writes becomes a label, so the registry cannot be grown from outside.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    /// The registry checks every character of a metric's name, labels and help each time one is asked for, under
    /// its lock: ~4 % of a single statement request's CPU for three lookups. Each one asked for is kept here.
    private let counters = Mutex<[CollectorKey: Counter]>([:])
    private let lastStatementGauges = Mutex<[Int64: Gauge]>([:])

    private struct CollectorKey: Hashable {
        let name: String
        let unit: String
        let labels: [String]
    }

    public init() {}

    /// What each statement of a stored request became.
    func statements(_ provider: Provider, integrationId: Int64, _ results: [IngestedStatement], at: Date) {
        var counts: [String: Int64] = [:]
        for result in results { counts[result.outcome?.rawValue ?? "duplicate", default: 0] += 1 }
        for (outcome, n) in counts {
            counter("coursebridge_statements", unit: "total",
                    help: "Statements received, by what became of them (duplicate: same id and content as before)",
                    labels: [("provider", provider.rawValue), ("outcome", outcome)]).increment(by: n)
        }
        lastStatementGauge(integrationId).set(at.timeIntervalSince1970)
    }

    private func lastStatementGauge(_ integrationId: Int64) -> Gauge {
        Self.kept(in: lastStatementGauges, integrationId) {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(metricName: "coursebridge_last_statement_timestamp", unitName: "seconds",
                                                 helpText: "When the integration's last statement was stored (Unix time)"),
                labels: [("integration", String(integrationId))])
        }
    }

    /// The collector kept under `key`, made and kept the first time. The registry returns the same collector for the
    /// same name and labels, so two requests racing here share one.
    private static func kept<Key: Hashable & Sendable, Value: Sendable>(in cache: borrowing Mutex<[Key: Value]>, _ key: Key, make: () -> Value) -> Value {
        if let kept = cache.withLock({ $0[key] }) { return kept }
        let made = make()
        cache.withLock { $0[key] = made }
        return made
    }

    /// A statements request's answer, by status class.
    func statementRequest(_ provider: Provider, status: Int) {
        counter("coursebridge_statement_requests", unit: "total", help: "Statements requests answered, by status class",
                labels: [("provider", provider.rawValue), ("status", "\(status / 100)xx")]).increment()
    }

    /// A token request's outcome: issued, refused (wrong client or secret) or throttled (429).
    func tokenRequest(_ provider: Provider, result: String) {
        counter("coursebridge_token_requests", unit: "total", help: "OAuth2 token requests, by outcome",
                labels: [("provider", provider.rawValue), ("result", result)]).increment()
    }

    /// Prometheus names the metric `name_unit` (e.g. coursebridge_statements_total).
    private func counter(_ name: String, unit: String, help: String, labels: [(String, String)]) -> Counter {
        Self.kept(in: counters, CollectorKey(name: name, unit: unit, labels: labels.flatMap { [$0.0, $0.1] })) {
            registry.makeCounter(descriptor: MetricNameDescriptor(metricName: name, unitName: unit, helpText: help), labels: labels)
        }
    }

    public func text() -> String { registry.emitToString() }
}
