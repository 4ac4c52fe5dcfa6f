import CourseBridgeCore
import CourseBridgeProviders
import Foundation
import Synchronization

/// Pushes xAPI statements to a CourseBridge server the way LinkedIn Learning and Percipio do:
/// the OAuth2 client-credentials token first, then POSTs with `Authorization: Bearer` and
/// `X-Experience-API-Version`, one statement or an array per request; on a 401 it gets a new
/// token once and resends. Synchronous: call it from a thread or Dispatch queue.
public final class StatementPusher: Sendable {
    public let target: PushTarget
    /// Statements per request; 1 sends single statement objects instead of arrays.
    public let batchSize: Int
    /// Documented: Percipio's token request carries only `client_id` and `client_secret` (Skillsoft's setup
    /// asks for nothing else); legacy adds `grant_type=client_credentials`.
    public let shapes: ResponseShapes
    private let transport: any HTTPTransport
    private let now: @Sendable () -> Date
    private let token = Mutex<CachedToken?>(nil)

    struct CachedToken {
        var value: String
        var expiresAt: Date
    }

    public init(target: PushTarget, batchSize: Int = 50, transport: (any HTTPTransport)? = nil,
                now: @escaping @Sendable () -> Date = { Date() }, shapes: ResponseShapes = .documented) {
        precondition(batchSize > 0, "batchSize must be positive")
        self.target = target
        self.batchSize = batchSize
        self.shapes = shapes
        self.transport = transport ?? CurlHTTPClient(connectTimeout: 5, totalTimeout: 30, userAgent: "CourseBridge-ProviderSimulator/1.0")
        self.now = now
    }

    // MARK: - Push

    /// Posts `statements` in batches. Throws only when no token can be had; refused batches are
    /// reported in the result, and a lost connection stops the push (the rest count as not sent).
    public func push(_ statements: [GeneratedStatement]) throws(PushError) -> PushReport {
        var report = PushReport()
        guard !statements.isEmpty else { return report }
        // The token flow comes first: without a token nothing is posted, and the caller hears why.
        _ = try accessToken(report: &report)
        var start = 0
        while start < statements.count {
            let batch = Array(statements[start..<min(start + batchSize, statements.count)])
            start += batch.count
            report.sent += batch.count
            let ids = batch.map(\.id)
            let body = batchSize == 1 ? batch[0].json : "[" + batch.map(\.json).joined(separator: ",") + "]"
            do throws(TransportError) {
                var response = try post(body, report: &report, refresh: false)
                if response.status == 401 { response = try post(body, report: &report, refresh: true) }
                if (200..<300).contains(response.status) {
                    report.accepted += batch.count
                } else {
                    report.rejections.append(PushRejection(statementIds: ids, status: response.status, body: scrub(response.body)))
                }
            } catch {
                report.rejections.append(PushRejection(statementIds: ids, status: 0, body: Self.describe(error)))
                report.notSent = statements.count - start
                return report
            }
        }
        return report
    }

    private func post(_ body: String, report: inout PushReport, refresh: Bool) throws(TransportError) -> HTTPResponse {
        let bearer: String
        do { bearer = try accessToken(refresh: refresh, report: &report) } catch {
            // A token refused mid-push: report the batch as a 401 with the token error as its reason.
            if case .transport(let t) = error { throw t }
            return HTTPResponse(status: 401, body: Data(error.description.utf8), url: target.baseURL)
        }
        let request = HTTPRequest(method: .post, url: target.provider.statementsURL(base: target.baseURL), headers: [
            ("Content-Type", "application/json"),
            ("X-Experience-API-Version", target.provider.xAPIVersion),
            ("Authorization", "Bearer " + bearer),
        ], body: Data(body.utf8))
        return try transport.perform(request)
    }

    // MARK: - Token

    /// The cached token, or a new one (always new when `refresh`).
    func accessToken(refresh: Bool = false, report: inout PushReport) throws(PushError) -> String {
        if !refresh, let cached = token.withLock({ $0 }), cached.expiresAt > now() { return cached.value }
        report.tokenRequests += 1
        let url = target.provider.tokenURL(base: target.baseURL)
        var fields = [("client_id", target.clientId), ("client_secret", target.clientSecret)]
        if target.provider == .linkedin || shapes == .legacy { fields.insert(("grant_type", "client_credentials"), at: 0) }
        if target.provider == .linkedin { fields.append(("scope", "xapi:write")) }
        let response: HTTPResponse
        do { response = try transport.perform(.form(url: url, fields: fields)) } catch { throw .transport(error) }
        guard response.status == 200 else {
            throw .tokenRefused(url: url, status: response.status, message: oauthMessage(response.body))
        }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let value = object["access_token"] as? String, !value.isEmpty else {
            throw .badTokenResponse(url: url, detail: "no access_token in the reply")
        }
        let lifetime = (object["expires_in"] as? NSNumber)?.doubleValue ?? 3_600
        // Renew a minute early so a statement never leaves with a token about to expire.
        let cached = CachedToken(value: value, expiresAt: now() + max(0, lifetime - 60))
        token.withLock { $0 = cached }
        return value
    }

    // MARK: - Messages without secrets

    func oauthMessage(_ body: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            let parts = [object["error"] as? String, object["error_description"] as? String ?? object["message"] as? String]
            let text = parts.compactMap { $0 }.joined(separator: ": ")
            if !text.isEmpty { return scrubText(text) }
        }
        return scrub(body)
    }

    func scrub(_ body: Data) -> String {
        scrubText(String(decoding: body.prefix(2_000), as: UTF8.self).trimmed)
    }

    /// A server should never echo the secret; if one does, it still does not reach the output.
    func scrubText(_ text: String) -> String {
        target.clientSecret.isEmpty ? text : text.replacingOccurrences(of: target.clientSecret, with: "********")
    }

    static func describe(_ error: TransportError) -> String {
        switch error {
        case .unreachable(let host, let detail): "\(host) is unreachable (\(detail)): is coursebridge serve running?"
        case .tls(let host, let detail): "TLS with \(host) failed (\(detail))"
        case .timeout(let host): "\(host) did not answer in time"
        case .connectionLost(let host, let detail): "the connection to \(host) was lost (\(detail))"
        case .cancelled: "the push was cancelled"
        case .responseTooLarge(let host, let limit): "\(host) answered more than \(ResponseLimit.describe(limit)); the answer was dropped"
        case .other(let host, let detail): "\(host): \(detail)"
        }
    }
}
