import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

/// Token handling, retries and error mapping of one provider call, over a scripted transport.
@Suite struct ProviderSessionTests {
    let secret = "client-secret-XYZ-987"

    func linkedIn(_ transport: ScriptedTransport, sleeper: Sleeper = Sleeper { _ in },
                  retry: RetryPolicy = RetryPolicy(maxAttempts: 3, seed: 1),
                  now: @escaping @Sendable () -> Date = { Date() }) throws -> CatalogSource {
        var options = scriptedOptions(transport, retry: retry, sleeper: sleeper, locales: ["en"])
        options.now = now
        return try makeCatalogSource(provider: .linkedin, apiBase: "https://api.example.test/v2",
                                     tokenURL: "https://www.example.test/oauth/v2/accessToken",
                                     credentials: ["client_id": "cid", "client_secret": secret], options: options)
    }

    static let emptyPage = #"{"elements":[],"paging":{"start":0,"count":100,"total":0,"links":[]}}"#

    @Test func tokenIsRequestedOnceAndReused() throws {
        let transport = ScriptedTransport { request, _ in
            path(request).hasSuffix("accessToken") ? json(tokenBody) : json(Self.emptyPage)
        }
        let source = try linkedIn(transport)
        _ = try readAll(source)
        _ = try readAll(source)
        let tokenCalls = transport.requests.filter { path($0).hasSuffix("accessToken") }
        #expect(tokenCalls.count == 1)
        let form = String(decoding: tokenCalls[0].body ?? Data(), as: UTF8.self)
        #expect(form.contains("grant_type=client_credentials") && form.contains("client_id=cid"))
        let api = transport.requests.filter { !path($0).hasSuffix("accessToken") }
        #expect(api.allSatisfy { r in r.headers.contains { $0.name == "Authorization" && $0.value == "Bearer tok-ABCDEF123456" } })
    }

    @Test func expiredTokenIsRenewedBeforeUse() throws {
        let clock = TestClock()
        let transport = ScriptedTransport { request, _ in
            path(request).hasSuffix("accessToken") ? json(#"{"access_token":"t1","expires_in":"600"}"#) : json(Self.emptyPage)
        }
        let source = try linkedIn(transport, now: { clock.now })
        _ = try readAll(source)
        clock.advance(by: 590)  // inside the renewal margin
        _ = try readAll(source)
        #expect(transport.requests.filter { path($0).hasSuffix("accessToken") }.count == 2)
    }

    @Test func a401GetsOneNewTokenThenSucceeds() throws {
        let transport = ScriptedTransport { request, n in
            if path(request).hasSuffix("accessToken") { return json(tokenBody) }
            return n == 2 ? json(#"{"message":"Invalid access token","status":401}"#, status: 401) : json(Self.emptyPage)
        }
        _ = try readAll(try linkedIn(transport))
        #expect(transport.requests.filter { path($0).hasSuffix("accessToken") }.count == 2)
    }

    @Test func aSecond401FailsAsWrongCredentials() throws {
        let transport = ScriptedTransport { request, _ in
            path(request).hasSuffix("accessToken") ? json(tokenBody)
                : json(#"{"serviceErrorCode":65600,"message":"Invalid access token","status":401}"#, status: 401)
        }
        let error = providerError { _ = try readAll(try linkedIn(transport)) }
        #expect(error?.kind == .wrongCredentials(status: 401, message: "Invalid access token"))
        #expect(error?.host == "api.example.test")
        #expect(transport.requests.filter { path($0).hasSuffix("accessToken") }.count == 2)
    }

    @Test func refusedTokenRequestIsWrongCredentialsAndHidesTheSecret() throws {
        let transport = ScriptedTransport { _, _ in
            json(#"{"error":"invalid_client","error_description":"bad secret client-secret-XYZ-987"}"#, status: 401)
        }
        let error = try #require(providerError { _ = try readAll(try linkedIn(transport)) })
        guard case .wrongCredentials = error.kind else {
            Issue.record("expected wrongCredentials, got \(error.kind)")
            return
        }
        #expect(!error.description.contains(secret))
        #expect(!"\(error.kind)".contains(secret))
    }

    @Test func serverErrorsAreRetriedWithTheInjectedSleeper() throws {
        let recorder = SleepRecorder()
        let transport = ScriptedTransport { request, n in
            if path(request).hasSuffix("accessToken") { return json(tokenBody) }
            return n < 4 ? json("oops", status: 503) : json(Self.emptyPage)
        }
        _ = try readAll(try linkedIn(transport, sleeper: recorder.sleeper, retry: RetryPolicy(maxAttempts: 5, seed: 3)))
        #expect(recorder.delays.count == 2)
    }

    @Test func rateLimitWaitsForRetryAfter() throws {
        let recorder = SleepRecorder()
        let transport = ScriptedTransport { request, n in
            if path(request).hasSuffix("accessToken") { return json(tokenBody) }
            return n == 2 ? json("{}", status: 429, headers: [("retry-after", "4")]) : json(Self.emptyPage)
        }
        _ = try readAll(try linkedIn(transport, sleeper: recorder.sleeper))
        #expect(recorder.delays == [4])
    }

    @Test func persistentRateLimitFailsAsRateLimited() throws {
        let transport = ScriptedTransport { request, _ in
            path(request).hasSuffix("accessToken") ? json(tokenBody) : json("{}", status: 429, headers: [("Retry-After", "1")])
        }
        let error = providerError { _ = try readAll(try linkedIn(transport)) }
        #expect(error?.kind == .rateLimited(retryAfter: 1))
    }

    @Test func timeoutsAreRetriedThenReported() throws {
        let transport = ScriptedTransport { request, _ throws(TransportError) in
            if path(request).hasSuffix("accessToken") { return json(tokenBody) }
            throw .timeout(host: "api.example.test")
        }
        let error = providerError { _ = try readAll(try linkedIn(transport)) }
        #expect(error?.kind == .timeout)
        #expect(transport.requests.count == 4)  // token + 3 attempts
    }

    @Test func unreachableHostIsNotRetried() throws {
        let transport = ScriptedTransport { request, _ throws(TransportError) in
            throw .unreachable(host: request.host, detail: "Couldn't connect to server")
        }
        let source = try linkedIn(transport)
        #expect(source.testConnection() == .hostUnreachable)
        #expect(transport.requests.count == 1)
    }

    @Test func missingCredentialIsReportedByKey() {
        #expect(throws: ProviderError(provider: .coursera, host: "", kind: .missingCredential(key: "org_id"))) {
            _ = try makeCatalogSource(provider: .coursera, apiBase: nil, tokenURL: nil,
                                      credentials: ["client_id": "a", "client_secret": "b"])
        }
    }
}

final class TestClock: @unchecked Sendable {
    // @unchecked: `current` is only touched under `lock`.
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_700_000_000)
    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }
    func advance(by seconds: Double) {
        lock.lock()
        current += seconds
        lock.unlock()
    }
}
