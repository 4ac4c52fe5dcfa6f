import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

/// A provider's `next` link is followed only on the API base's own scheme, host and port; anything
/// else stops the listing before a byte is sent, so the bearer token never reaches another host.
@Suite(.serialized) struct NextLinkOriginTests {
    static let catalogs = "/enterprise/v2/enterprise-catalogs"

    /// A fake edX on 127.0.0.1: token, a first catalog page whose `next` is `next(port)`, a second page,
    /// and one course per catalog.
    static func fakeEdX(next: @escaping @Sendable (Int) -> String) throws -> LoopbackServer {
        try LoopbackServer { head, port in
            let target = LoopbackServer.target(head)
            if target.hasPrefix("/token") { return LoopbackServer.json(#"{"access_token":"edx-token-SECRET-42","expires_in":3600}"#) }
            if target.hasPrefix(catalogs + "?") || target == catalogs {
                if target.contains("page=2") { return LoopbackServer.json(#"{"count":2,"next":null,"results":[{"uuid":"cat-b"}]}"#) }
                return LoopbackServer.json(#"{"count":2,"next":"\#(next(port))","results":[{"uuid":"cat-a"}]}"#)
            }
            let uuid = target.contains("cat-a") ? "A" : "B"
            return LoopbackServer.json(#"{"count":1,"next":null,"results":[{"content_type":"course","key":"course-\#(uuid)","title":"T"}]}"#)
        }
    }

    func source(_ server: LoopbackServer) throws -> CatalogSource {
        try makeCatalogSource(provider: .edx, apiBase: server.baseURL, tokenURL: server.baseURL + "/token",
                              credentials: ["client_id": "id", "client_secret": "edx-client-SECRET"],
                              options: CatalogSourceOptions(retryPolicy: .none, connectTimeout: 2, totalTimeout: 5))
    }

    func listing(_ server: LoopbackServer) async throws -> Result<[String], ProviderError> {
        let source = try source(server)
        return await withCheckedContinuation { c in
            DispatchQueue.global().async {
                do {
                    var ids: [String] = []
                    try source.readCatalog { ids += $0.items.map(\.providerId) }
                    c.resume(returning: .success(ids))
                } catch let error as ProviderError {
                    c.resume(returning: .failure(error))
                } catch {
                    c.resume(returning: .failure(ProviderError(provider: .edx, host: "", kind: .cancelled)))
                }
            }
        }
    }

    @Test func relativeNextIsFollowed() async throws {
        let server = try Self.fakeEdX { _ in "?page=2" }
        defer { server.stop() }
        let ids = try await listing(server).get()
        #expect(Set(ids) == ["course-A", "course-B"])
    }

    @Test func absoluteNextOnTheSameOriginIsFollowed() async throws {
        let server = try Self.fakeEdX { port in "http://127.0.0.1:\(port)\(Self.catalogs)?page=2" }
        defer { server.stop() }
        #expect(Set(try await listing(server).get()) == ["course-A", "course-B"])
    }

    /// `other` listens where the hostile link points: it must receive nothing at all.
    @Test(arguments: ["other-port", "other-host", "protocol-relative"])
    func nextToAnotherListenerIsRefusedWithoutARequest(kind: String) async throws {
        let other = try LoopbackServer(host: kind == "other-port" ? "127.0.0.1" : "127.0.0.2") { _, _ in
            LoopbackServer.json(#"{"count":2,"next":null,"results":[{"uuid":"stolen"}]}"#)
        }
        defer { other.stop() }
        let server = try Self.fakeEdX { _ in
            kind == "protocol-relative" ? "//\(other.host):\(other.port)/x?page=2" : "\(other.baseURL)\(Self.catalogs)?page=2"
        }
        defer { server.stop() }

        let result = try await listing(server)
        guard case .failure(let error) = result, case .linkOutsideAPIBase(let target, let apiBase) = error.kind else {
            Issue.record("expected the listing to fail on the hostile link, got \(result)")
            return
        }
        #expect(target == "http://\(other.host):\(other.port)")
        #expect(apiBase == server.baseURL)
        #expect(error.description.contains("\(other.host):\(other.port)"))
        #expect(error.description.contains("without requesting it"))
        #expect(other.requests.isEmpty, "the other listener received \(other.requests)")
        #expect(server.requests.count == 2)  // the token and the first page, nothing after
    }

    @Test(arguments: ["file:///etc/hostname", "https://127.0.0.1:PORT/enterprise/v2/enterprise-catalogs?page=2",
                      "ftp://127.0.0.1/x", "gopher://127.0.0.1:70/x"])
    func nextWithAnotherSchemeIsRefused(link: String) async throws {
        let server = try Self.fakeEdX { port in link.replacingOccurrences(of: "PORT", with: String(port)) }
        defer { server.stop() }
        let result = try await listing(server)
        guard case .failure(let error) = result, case .linkOutsideAPIBase(let target, _) = error.kind else {
            Issue.record("expected the listing to fail on \(link), got \(result)")
            return
        }
        let scheme = String(link.prefix { $0 != ":" })
        #expect(target.hasPrefix(scheme == "https" ? "https://127.0.0.1:" : "a \(scheme): URL"))
        #expect(error.description.contains(target))
        if let hostname = try? String(contentsOfFile: "/etc/hostname", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
           !hostname.isEmpty {
            #expect(!error.description.contains(hostname), "the file was read")
        }
        #expect(server.requests.count == 2)
    }

    /// A redirect to another origin fails the listing before anything is sent there, with or without credentials.
    @Test func redirectToAnotherOriginIsNotFollowed() async throws {
        let other = try LoopbackServer(host: "127.0.0.2") { _, _ in
            LoopbackServer.json(#"{"count":1,"next":null,"results":[]}"#)
        }
        defer { other.stop() }
        let server = try LoopbackServer { head, _ in
            let target = LoopbackServer.target(head)
            if target.hasPrefix("/token") { return LoopbackServer.json(#"{"access_token":"edx-token-SECRET-42","expires_in":3600}"#) }
            return LoopbackServer.response(status: 302, headers: [("Location", "\(other.baseURL)\(Self.catalogs)")], body: Data())
        }
        defer { server.stop() }
        guard case .failure(let error) = try await listing(server) else {
            Issue.record("a redirect to another origin was followed")
            return
        }
        #expect(error.description.contains("127.0.0.2"), "\(error)")
        #expect(other.requests.isEmpty, "\(other.requests)")
    }

    /// A redirect on the API base's own origin is followed, with the token.
    @Test func redirectOnTheSameOriginIsFollowed() async throws {
        let server = try LoopbackServer { head, _ in
            let target = LoopbackServer.target(head)
            if target.hasPrefix("/token") { return LoopbackServer.json(#"{"access_token":"edx-token-SECRET-42","expires_in":3600}"#) }
            if target.hasPrefix("/moved") { return LoopbackServer.json(#"{"count":0,"next":null,"results":[]}"#) }
            return LoopbackServer.response(status: 301, headers: [("Location", "/moved\(Self.catalogs)")], body: Data())
        }
        defer { server.stop() }
        _ = try await listing(server).get()
        #expect(server.requests.contains { $0.hasPrefix("GET /moved") && $0.lowercased().contains("authorization: jwt edx-token-secret-42") },
                "\(server.requests)")
    }
}
