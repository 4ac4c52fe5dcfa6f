import CourseBridgeServer
@testable import CourseBridgeStore
import Foundation
import Testing

/// xAPI statements in-process: status and body for each way a sender can get it right or wrong.
struct StatementRouteTests {
    let id1 = "11111111-1111-4111-8111-111111111111"

    @Test("one statement is stored and answered with its id")
    func single() async throws {
        let server = try InProcessServer()
        try await server.test { client in
            let token = try await server.accessToken(client)
            let r = try await client.statements(linkedInStatement(id: id1), token: token)
            #expect(r.status == 200, "\(r.body)")
            #expect(r.header("Content-Type") == "application/json")
            #expect(r.array == [id1])
            #expect(r.header("X-Experience-API-Version") == "1.0.3")
        }
        #expect(try server.store.statements(integrationId: 1).map(\.statementId) == [id1])
    }

    @Test("a batch answers the ids in order, generating those the statements lack")
    func batch() async throws {
        let server = try InProcessServer()
        try await server.test { client in
            let token = try await server.accessToken(client)
            let r = try await client.statements("[" + linkedInStatement(id: id1) + "," + linkedInStatement(progress: 50) + "]", token: token)
            #expect(r.status == 200, "\(r.body)")
            let ids = try #require(r.array)
            #expect(ids.count == 2)
            #expect(ids.first == id1)
            #expect(UUID(uuidString: ids[1]) != nil)
        }
        #expect(try server.store.statements(integrationId: 1).count == 2)
    }

    @Test("the same statement sent again is answered the same and counted once")
    func idempotentRepeat() async throws {
        let server = try InProcessServer()
        try await server.test { client in
            let token = try await server.accessToken(client)
            let first = try await client.statements(linkedInStatement(id: id1), token: token)
            let again = try await client.statements(linkedInStatement(id: id1), token: token)
            #expect(first.status == 200 && again.status == 200)
            #expect(again.array == [id1])
        }
        #expect(try server.store.statements(integrationId: 1).count == 1)
    }

    @Test("a known id with different content is 409 naming the id, and nothing of the batch is kept")
    func conflict() async throws {
        let server = try InProcessServer()
        let id3 = "33333333-3333-4333-8333-333333333333"
        try await server.test { client in
            let token = try await server.accessToken(client)
            _ = try await client.statements(linkedInStatement(id: id1, progress: 40), token: token)
            let r = try await client.statements("[" + linkedInStatement(id: id3) + "," + linkedInStatement(id: id1, progress: 99) + "]",
                                                token: token)
            #expect(r.status == 409)
            #expect(r.field("error") == "conflict")
            #expect(r.field("message")?.contains(id1) == true, "\(r.body)")
        }
        #expect(try server.store.statements(integrationId: 1).map(\.statementId) == [id1])
    }

    @Test("a body that is not JSON is 400 with the path and what is wrong")
    func badJSON() async throws {
        let server = try InProcessServer()
        try await server.test { client in
            let token = try await server.accessToken(client)
            let r = try await client.statements("{not json", token: token)
            #expect(r.status == 400)
            #expect(r.field("error") == "bad_request")
            #expect(r.field("path") == "body")
            #expect(r.field("message")?.contains("not valid JSON") == true, "\(r.body)")
        }
        #expect(try server.store.statements(integrationId: 1).isEmpty)
    }

    @Test("no token, an unknown token, or another provider's token: 401 saying what to do")
    func unauthorized() async throws {
        let server = try InProcessServer()
        try await server.test { client in
            let none = try await client.statements(linkedInStatement(), token: nil)
            #expect(none.status == 401)
            #expect(none.field("error") == "unauthorized")
            #expect(none.field("message") == "an access token is required: get one from /api/linkedinlearning/oauth2/token and send Authorization: Bearer TOKEN")
            #expect(none.header("WWW-Authenticate") == "Bearer realm=\"coursebridge\", error=\"invalid_token\"")

            let forged = try await client.statements(linkedInStatement(), token: "forged")
            #expect(forged.status == 401)
            #expect(forged.field("message") == "the access token is unknown or expired: request a new one")

            let token = try await server.accessToken(client)
            let crossed = try await client.statements(linkedInStatement(), token: token, path: "/api/skillsoft/statements")
            #expect(crossed.status == 401)
            #expect(crossed.field("message") == "this token was issued for LinkedIn Learning, not Skillsoft Percipio", "\(crossed.body)")
        }
        #expect(try server.store.statements(integrationId: 1).isEmpty)
    }

    @Test("a token of a deactivated integration is refused")
    func deactivated() async throws {
        let server = try InProcessServer()
        try await server.test { client in
            let token = try await server.accessToken(client)
            try server.store.deactivate(integrationId: 1)
            let r = try await client.statements(linkedInStatement(), token: token)
            #expect(r.status == 401)
            #expect(r.field("message") == "integration 1 is deactivated")
        }
    }

    /// The token's answer is kept after the first request (schema v16); a deactivation through the same store
    /// ends it before the next one.
    @Test("a token that was just used is refused right after its integration is deactivated")
    func deactivatedAfterUse() async throws {
        let server = try InProcessServer()
        // Kept for a minute: only the deactivation, never the clock, can end the answer here.
        try #require(server.store as? Store).webhookTokens.setFreshness(nanoseconds: 60_000_000_000)
        try await server.test { client in
            let token = try await server.accessToken(client)
            let first = try await client.statements(linkedInStatement(), token: token)
            #expect(first.status == 200, "\(first.body)")
            try server.store.deactivate(integrationId: 1)
            let r = try await client.statements(linkedInStatement(), token: token)
            #expect(r.status == 401)
            #expect(r.field("message") == "integration 1 is deactivated")
        }
    }

    @Test("a body over --body-limit is 413 with advice; the token endpoint takes 8 KiB")
    func bodyLimit() async throws {
        let server = try InProcessServer(settings: ServerSettings(bodyLimit: 4000))
        try await server.test { client in
            let token = try await server.accessToken(client)
            let big = "[" + Array(repeating: linkedInStatement(), count: 30).joined(separator: ",") + "]"
            let r = try await client.statements(big, token: token)
            #expect(r.status == 413)
            #expect(r.field("error") == "payload_too_large")
            #expect(r.field("message") == "the request body is over 4000 bytes: send smaller batches")

            let form = try await client.token(clientId: String(repeating: "a", count: 10_000), secret: "x")
            #expect(form.status == 413)
            #expect(form.field("message") == "the request body is over 8192 bytes: this endpoint takes small form or JSON bodies only")
        }
        #expect(try server.store.statements(integrationId: 1).isEmpty)
    }

    @Test("PUT with a statementId is 204; without one, 400 naming the parameter")
    func put() async throws {
        let server = try InProcessServer()
        try await server.test { client in
            let token = try await server.accessToken(client)
            let stored = try await client.statements(linkedInStatement(), token: token,
                                                     path: "/api/linkedinlearning/stats/statements?statementId=\(id1)", method: .put)
            #expect(stored.status == 204)
            #expect(stored.body.isEmpty)
            let noId = try await client.statements(linkedInStatement(), token: token, method: .put)
            #expect(noId.status == 400)
            #expect(noId.field("path") == "statementId")
            #expect(noId.field("message") == "PUT needs the statementId query parameter (or use POST)")
        }
        #expect(try server.store.statements(integrationId: 1).map(\.statementId) == [id1])
    }
}
