import CourseBridgeCore
import CourseBridgeEngine
import Foundation
import Prometheus

/// The counters `serve` exports at `GET /metrics` (Prometheus text format), the same events the event log
/// aggregates (`IntakeLog`). Every label comes from a fixed set (provider, outcome, status class, an existing
/// integration id): nothing a sender writes becomes a label, so the registry cannot be grown from outside.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()

    public init() {}

    /// What each statement of a stored request became.
    func statements(_ provider: Provider, integrationId: Int64, _ results: [IngestedStatement], at: Date) {
        var counts: [String: Int64] = [:]
        for result in results { counts[result.outcome?.rawValue ?? "duplicate", default: 0] += 1 }
        for (outcome, n) in counts {
            registry.makeCounter(name: "coursebridge_statements_total", labels: [("provider", provider.rawValue), ("outcome", outcome)],
                                 help: "Statements received, by what became of them (duplicate: same id and content as before)")
                .increment(by: n)
        }
        registry.makeGauge(name: "coursebridge_last_statement_timestamp_seconds", labels: [("integration", String(integrationId))],
                           help: "When the integration's last statement was stored (Unix time)")
            .set(at.timeIntervalSince1970)
    }

    /// A statements request's answer, by status class.
    func statementRequest(_ provider: Provider, status: Int) {
        registry.makeCounter(name: "coursebridge_statement_requests_total",
                             labels: [("provider", provider.rawValue), ("status", "\(status / 100)xx")],
                             help: "Statements requests answered, by status class").increment()
    }

    /// A token request's outcome: issued, refused (wrong client or secret) or throttled (429).
    func tokenRequest(_ provider: Provider, result: String) {
        registry.makeCounter(name: "coursebridge_token_requests_total", labels: [("provider", provider.rawValue), ("result", result)],
                             help: "OAuth2 token requests, by outcome").increment()
    }

    public func text() -> String { registry.emitToString() }
}
