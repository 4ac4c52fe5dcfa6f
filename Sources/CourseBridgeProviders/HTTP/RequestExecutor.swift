import CourseBridgeCore
import Foundation

/// Sends one logical request with the retry policy: retries 429, 5xx, timeouts and dropped
/// connections, sleeping through the injected `Sleeper`, and turns transport failures into
/// `ProviderError`s. Returns the first response that is not worth retrying (the caller maps it).
struct RequestExecutor: Sendable {
    let provider: Provider
    let transport: HTTPTransport
    let policy: RetryPolicy
    let sleeper: Sleeper
    let now: @Sendable () -> Date
    let cancellation: CancellationFlag

    func send(_ request: HTTPRequest, scrubber: SecretScrubber) throws(ProviderError) -> HTTPResponse {
        var policy = self.policy
        var attempt = 1
        let host = request.host
        while true {
            if cancellation.isCancelled { throw error(host, .cancelled) }
            let outcome: RetryPolicy.Outcome
            let failure: ProviderError
            do {
                let response = try transport.perform(request)
                let retryAfter = RetryAfter.seconds(from: response.headers["Retry-After"], now: now())
                let retryable = response.status == 429 || (500...599).contains(response.status)
                if !retryable { return response }
                outcome = .status(response.status, retryAfter: retryAfter)
                let message = ProviderMessage.extract(from: response.body).map(scrubber.scrub)
                failure = response.status == 429
                    ? error(host, .rateLimited(retryAfter: retryAfter))
                    : error(host, .unexpectedResponse(status: response.status, message: message))
            } catch {
                switch error {
                case .timeout:
                    outcome = .timeout
                    failure = self.error(host, .timeout)
                case .connectionLost(_, let detail):
                    outcome = .connectionLost
                    failure = self.error(host, .malformedPage(url: scrubber.scrub(request.url),
                                                              reason: "the connection closed before the whole answer arrived (\(detail))"))
                case .unreachable(_, let detail):
                    throw self.error(host, .hostUnreachable(detail: detail))
                case .tls(_, let detail):
                    throw self.error(host, .tls(detail: detail))
                case .cancelled:
                    throw self.error(host, .cancelled)
                case .responseTooLarge(_, let limit):
                    // The same page would be just as big again: no retry.
                    throw self.error(host, .responseTooLarge(limitBytes: limit))
                case .other(_, let detail):
                    throw self.error(host, .hostUnreachable(detail: scrubber.scrub(detail)))
                }
            }
            switch policy.next(for: outcome, attempt: attempt) {
            case .fail:
                throw failure
            case .retry(let delay):
                sleeper.sleep(delay)
                attempt += 1
            }
        }
    }

    private func error(_ host: String, _ kind: ProviderError.Kind) -> ProviderError {
        ProviderError(provider: provider, host: host, kind: kind)
    }
}
