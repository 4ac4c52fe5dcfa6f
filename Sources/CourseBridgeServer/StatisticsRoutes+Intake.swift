import CourseBridgeCore
import CourseBridgeEngine
import Foundation

/// What the statement and token endpoints saw, for the event log (`IntakeLog`) and `/metrics`.
extension StatisticsRoutes {
    func record(_ pending: PendingIngest, _ result: Result<[IngestedStatement], StatisticsError>, _ response: ServerResponse) {
        let integration = pending.integration
        guard let id = integration.id else { return }
        switch result {
        case .success(let results):
            intake.statements(integrationId: id, results)
            metrics.statements(integration.provider, integrationId: id, results, at: now())
        case .failure:
            intake.refused(integrationId: id)
        }
    }

    /// A refused token request: counted, and logged as an event with its client id and address made inert.
    func recordTokenFailure(_ provider: Provider, clientId: String, known: Bool, address: String, throttled: Bool) {
        metrics.tokenRequest(provider, result: throttled ? "throttled" : "refused")
        let client = LogEscaping.escape(String(clientId.prefix(64)))
        intake.tokenFailure(provider: provider, detail: "\(known ? "client id" : "unknown client id") '\(client)' from \(LogEscaping.escape(address))"
                            + (throttled ? " (slowed down: 429)" : ""))
    }

    /// `GET /metrics`: Prometheus text, to callers on this machine only (directly, or through a trusted proxy
    /// that names a loopback client): the counts are operational detail, not for the internet.
    func metricsPage(_ request: ServerRequest) -> ServerResponse {
        guard Self.isLoopback(request.clientAddress) else {
            return .error(404, "not_found", "no endpoint GET /metrics")
        }
        return ServerResponse(status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
                              body: Data(metrics.text().utf8))
    }

    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address == "localhost" || address.hasPrefix("::ffff:127.")
    }
}
