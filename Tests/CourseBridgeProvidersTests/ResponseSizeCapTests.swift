import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

/// One response may hold at most `maxResponseBytes` once decompressed: a 2 KiB gzip body that
/// inflates to 2 MiB is stopped at a 1 MiB cap, as is a body that announces more than the cap.
@Suite(.serialized) struct ResponseSizeCapTests {
    /// gzip of an empty edX page followed by 2 MiB of spaces (valid JSON: trailing whitespace): 2,106 bytes on the wire.
    static let gzipBomb = Data(base64Encoded: "H4sIAAAAAAACA+3GsQmAMBAAwFXkawvrrCJWki5EMAkI4u66hc1ddXfsx6g90jJHzdeXOkqZ48xtlN4irdszAQ"
                               + String(repeating: "A", count: 2707) + "PzsBRHs4bMkACAA")!
    /// gzip of the same page followed by 1,000 spaces.
    static let smallGzip = Data(base64Encoded: "H4sIAAAAAAACA6tWSs4vzStRsjLQUcpLrQAy8kpzcnSUilKLS3NKipWsomNrFUbBKBgFwx4AAAuKBo0MBAAA")!

    static let cap = 1 << 20

    static func gzipped(_ body: Data) -> Data {
        LoopbackServer.response(headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")], body: body)
    }

    func get(_ server: LoopbackServer, cap: Int = cap) async -> Result<HTTPResponse, TransportError> {
        let client = CurlHTTPClient(connectTimeout: 2, totalTimeout: 5, maxResponseBytes: cap)
        let url = server.baseURL + "/page"
        return await withCheckedContinuation { c in
            DispatchQueue.global().async {
                do throws(TransportError) {
                    c.resume(returning: .success(try client.perform(HTTPRequest(url: url))))
                } catch {
                    c.resume(returning: .failure(error))
                }
            }
        }
    }

    @Test func gzipBodyThatInflatesPastTheCapIsRefused() async throws {
        let server = try LoopbackServer { _, _ in Self.gzipped(Self.gzipBomb) }
        defer { server.stop() }
        let result = await get(server)
        guard case .failure(.responseTooLarge(let host, let limit)) = result else {
            Issue.record("expected responseTooLarge, got \(result)")
            return
        }
        #expect(host == "127.0.0.1")
        #expect(limit == Self.cap)
    }

    @Test func gzipBodyWithinTheCapIsDecoded() async throws {
        let server = try LoopbackServer { _, _ in Self.gzipped(Self.smallGzip) }
        defer { server.stop() }
        let response = try await get(server).get()
        #expect(response.body.count == 36 + 1000)
        #expect(String(decoding: response.body.prefix(36), as: UTF8.self) == #"{"count":0,"next":null,"results":[]}"#)
    }

    @Test func declaredLengthPastTheCapIsRefusedBeforeTheBody() async throws {
        let server = try LoopbackServer { _, _ in
            LoopbackServer.response(headers: [("Content-Length", String(2 << 20))], body: Data("{}".utf8))
        }
        defer { server.stop() }
        guard case .failure(.responseTooLarge) = await get(server) else {
            Issue.record("expected responseTooLarge")
            return
        }
    }

    /// Through a provider client: the listing fails with an error that says what happened.
    @Test func providerListingReportsTheCap() async throws {
        let server = try LoopbackServer { head, _ in
            LoopbackServer.target(head).hasPrefix("/token")
                ? LoopbackServer.json(#"{"access_token":"edx-token-SECRET-42","expires_in":3600}"#)
                : Self.gzipped(Self.gzipBomb)
        }
        defer { server.stop() }
        let options = CatalogSourceOptions(retryPolicy: RetryPolicy(maxAttempts: 3, seed: 1), sleeper: Sleeper { _ in },
                                           connectTimeout: 2, totalTimeout: 5, maxResponseBytes: Self.cap)
        let source = try makeCatalogSource(provider: .edx, apiBase: server.baseURL, tokenURL: server.baseURL + "/token",
                                           credentials: ["client_id": "id", "client_secret": "edx-client-SECRET"], options: options)
        let error: ProviderError? = await withCheckedContinuation { c in
            DispatchQueue.global().async { c.resume(returning: providerError { try source.readCatalog { _ in } }) }
        }
        #expect(error?.kind == .responseTooLarge(limitBytes: Self.cap))
        #expect(error?.description.hasPrefix("edX's response was larger than 1 MiB") == true)
        #expect(server.requests.count == 2, "a page that is too large is not retried")
    }
}
