import CourseBridgeCore
import CourseBridgeEngine
import Foundation

/// `POST`/`PUT` of xAPI 1.0.3 statements. Each accepted statement is stored durably before the reply.
/// Statements that passed every check and now wait for their commit.
struct PendingIngest: Sendable {
    let statements: [XAPIStatement]
    let integration: Integration
    let isPut: Bool
}

extension StatisticsRoutes {
    func statements(_ request: ServerRequest, provider: Provider) -> Routed {
        // MARK: Authorization (done before the body was read when the request came through the server)
        let integration: Integration
        switch request.authorizedIntegration.map(StatementsAuthorization.authorized) ?? authorizeStatements(request, provider: provider) {
        case .authorized(let found): integration = found
        case .refused(let response): return .response(response)
        }

        // MARK: Version and body
        // No header: taken as 1.0.x (LinkedIn documents xAPI 1.0.0 but may not send it; finding L4).
        let version = request.headers["x-experience-api-version"] ?? "1.0.0"
        guard Self.isSupportedVersion(version) else {
            return .response(.error(400, "bad_request", "X-Experience-API-Version '\(version)' is not supported: send 1.0.x", path: "headers"))
        }
        var statements: [XAPIStatement]
        do {
            statements = try XAPIStatementParser.parse(body: request.body, options: .for(provider))
        } catch {
            return .response(.error(400, "bad_request", error.description, path: error.path))
        }
        let isPut = request.method.uppercased() == "PUT"
        if isPut {
            guard let id = request.query["statementId"], !id.isEmpty else {
                return .response(.error(400, "bad_request", "PUT needs the statementId query parameter (or use POST)", path: "statementId"))
            }
            // xAPI: PUT carries one Statement object; an array (even of one) is refused.
            guard statements.count == 1, request.body.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{") else {
                return .response(.error(400, "bad_request", "PUT takes one statement object, not an array", path: "body"))
            }
            if provider != .linkedin, UUID(uuidString: id) == nil {
                return .response(.error(400, "bad_request", "statementId '\(id)' is not a UUID", path: "statementId"))
            }
            if let own = statements[0].id, own.lowercased() != id.lowercased() {
                return .response(.error(400, "bad_request", "the statement's id '\(own)' differs from statementId '\(id)'", path: "statement.id"))
            }
            statements[0].id = statements[0].id ?? id
        }

        return .ingest(PendingIngest(statements: statements, integration: integration, isPut: isPut))
    }

    /// The reply once the commit is done: 200 with the ids in order, 204 for a PUT, 409, 503 while the database is
    /// unavailable or full, or 500 (nothing kept in either case).
    func answer(_ pending: PendingIngest, _ result: Result<[IngestedStatement], StatisticsError>) -> ServerResponse {
        switch result {
        case .success(let results):
            for r in results where r.outcome == .quarantined || r.outcome == .skipped {
                logger.notice("statement \(r.outcome!.rawValue)", metadata: ["id": "\(r.id)", "reason": "\(r.reason ?? "")"])
            }
            if pending.isPut { return ServerResponse(status: 204) }
            let ids = XAPIJSON.array(results.map { .string($0.id) }).canonicalText
            return ServerResponse(status: 200, headers: [("Content-Type", "application/json")], body: Data(ids.utf8))
        case .failure(.conflict(let m)):
            return .error(409, "conflict", m)
        case .failure(let error) where error.isTemporary:
            // Nothing was kept and the same request may succeed in a moment: 503 tells the provider (and a load
            // balancer) to send it again, to this instance later or to another one now.
            logger.error("statements not stored for now: \(error)")
            return .error(503, "unavailable", "the statements could not be stored for now; nothing was kept, send them again",
                          headers: [("Retry-After", "5")])
        case .failure(let error):
            logger.error("statements not stored: \(error)")
            return .error(500, "server_error", "the statements could not be stored; nothing was kept, send them again")
        }
    }

    enum StatementsAuthorization {
        case authorized(Integration)
        case refused(ServerResponse)
    }

    /// The bearer token's integration, from the headers alone: the server asks before it reads the body, so a
    /// stranger's body is never read.
    func authorizeStatements(_ request: ServerRequest, provider: Provider) -> StatementsAuthorization {
        guard let token = request.authorization(scheme: "Bearer"), !token.isEmpty else { return .refused(tokenRequired(provider)) }
        return authorization(authenticator.integration(forToken: token, provider: provider, now: now()))
    }

    /// `authorizeStatements` when it needs no wait: no token, or one whose answer the store still knows; nil: ask.
    func authorizeStatementsWithoutWaiting(_ request: ServerRequest, provider: Provider) -> StatementsAuthorization? {
        guard let token = request.authorization(scheme: "Bearer"), !token.isEmpty else { return .refused(tokenRequired(provider)) }
        return authenticator.knownIntegration(forToken: token, provider: provider, now: now()).map(authorization)
    }

    private func tokenRequired(_ provider: Provider) -> ServerResponse {
        unauthorized("an access token is required: get one from /api/\(segment(provider))/oauth2/token and send Authorization: Bearer TOKEN")
    }

    private func authorization(_ check: WebhookAuthenticator.TokenCheck) -> StatementsAuthorization {
        switch check {
        case .authorized(let integration):
            return .authorized(integration)
        case .refused(let message):
            return .refused(unauthorized(message))
        case .failed(let error):
            logger.error("token check failed: \(error)")
            return .refused(.error(500, "server_error", "the access token could not be checked; try again"))
        }
    }

    func unauthorized(_ message: String) -> ServerResponse {
        .error(401, "unauthorized", message, headers: [("WWW-Authenticate", "Bearer realm=\"coursebridge\", error=\"invalid_token\"")])
    }

    func segment(_ provider: Provider) -> String { provider == .linkedin ? "linkedinlearning" : "skillsoft" }

    /// 1.0, 1.0.0 … 1.0.9x: the 1.0 family.
    static func isSupportedVersion(_ value: String) -> Bool {
        let parts = value.trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts[0] == "1", parts[1] == "0" else { return false }
        return parts.count == 2 || (!parts[2].isEmpty && parts[2].allSatisfy(\.isNumber))
    }
}
