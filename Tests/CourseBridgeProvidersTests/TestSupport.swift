import CourseBridgeCore
import Foundation
@testable import CourseBridgeProviders

/// A transport that answers from a script and records what it was asked: no socket.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: `requests` is only touched under `lock`; the handler is immutable.
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []
    private let handler: @Sendable (HTTPRequest, Int) throws(TransportError) -> HTTPResponse

    init(_ handler: @escaping @Sendable (HTTPRequest, Int) throws(TransportError) -> HTTPResponse) {
        self.handler = handler
    }

    var requests: [HTTPRequest] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    func perform(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        lock.lock()
        recorded.append(request)
        let n = recorded.count
        lock.unlock()
        return try handler(request, n)
    }
}

/// Records the delays asked for instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    // @unchecked: `delays` is only touched under `lock`.
    private let lock = NSLock()
    private var recorded: [Double] = []
    var delays: [Double] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }
    var sleeper: Sleeper {
        Sleeper { [self] seconds in
            lock.lock()
            recorded.append(seconds)
            lock.unlock()
        }
    }
}

func json(_ text: String, status: Int = 200, url: String = "https://api.example.test/x",
          headers: [(String, String)] = []) -> HTTPResponse {
    HTTPResponse(status: status, headers: HTTPHeaders(headers.map { (name: $0.0, value: $0.1) }), body: Data(text.utf8), url: url)
}

func path(_ request: HTTPRequest) -> String { URLComponents(string: request.url)?.path ?? "" }
func query(_ request: HTTPRequest, _ name: String) -> String? { URLBuilder.queryValue(name, in: request.url) }

/// Options for a scripted client: no real sleeping, no retries unless asked.
func scriptedOptions(_ transport: HTTPTransport, retry: RetryPolicy = RetryPolicy(maxAttempts: 3, seed: 1),
                     sleeper: Sleeper = Sleeper { _ in }, locales: [String]? = nil, programIds: [String] = [],
                     pageSize: Int? = nil, cancellation: CancellationFlag = CancellationFlag()) -> CatalogSourceOptions {
    CatalogSourceOptions(locales: locales, programIds: programIds, retryPolicy: retry, sleeper: sleeper,
                         cancellation: cancellation, transport: transport, pageSize: pageSize)
}

/// Reads a whole catalog into memory (tests only).
func readAll(_ source: CatalogSource) throws -> (items: [CatalogItem], pages: [CatalogPage]) {
    var pages: [CatalogPage] = []
    try source.readCatalog { pages.append($0) }
    return (pages.flatMap(\.items), pages)
}

func providerError(_ body: () throws -> Void) -> ProviderError? {
    do {
        try body()
        return nil
    } catch let error as ProviderError {
        return error
    } catch {
        return nil
    }
}

let tokenBody = #"{"access_token":"tok-ABCDEF123456","expires_in":3600}"#
