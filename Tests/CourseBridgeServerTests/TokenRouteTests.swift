import Foundation
import Testing

/// `POST /api/{provider}/oauth2/token` in-process: what a client sees for right and wrong credentials.
struct TokenRouteTests {
    @Test("the right client id and secret get a bearer token that lives an hour and is not cached")
    func rightSecret() async throws {
        let server = try InProcessServer()
        try await server.test { client in
            let r = try await client.token(clientId: server.clientId, secret: server.clientSecret)
            #expect(r.status == 200, "\(r.body)")
            #expect(r.field("token_type") == "Bearer")
            #expect((r.field("access_token") ?? "").count >= 32)
            #expect(r.object["expires_in"] as? Int == 3600)
            #expect(r.header("Cache-Control") == "no-store")
            #expect(r.header("X-Experience-API-Version") == "1.0.3")
            #expect(!r.body.contains(server.clientSecret))
        }
    }

    @Test("a wrong secret is invalid_client with advice, and never echoes the secret")
    func wrongSecret() async throws {
        let server = try InProcessServer()
        try await server.test { client in
            let r = try await client.token(clientId: server.clientId, secret: "wrong-secret")
            #expect(r.status == 401)
            #expect(r.field("error") == "invalid_client")
            #expect(r.field("error_description")
                    == "unknown client or wrong secret for LinkedIn Learning: copy both from coursebridge integration webhook ID")
            #expect(!r.body.contains("wrong-secret"))
            // The LinkedIn client is not a Skillsoft client, whatever its secret.
            let other = try await client.token(clientId: server.clientId, secret: server.clientSecret, provider: "skillsoft")
            #expect(other.status == 401)
            #expect(other.field("error") == "invalid_client")
        }
    }

    @Test("repeated wrong secrets are slowed down with 429 and Retry-After; the right secret still gets its token")
    func throttle() async throws {
        let server = try InProcessServer()
        try await server.test { client in
            var statuses: [Int] = []
            for _ in 0..<7 {
                let r = try await client.token(clientId: server.clientId, secret: "wrong")
                statuses.append(r.status)
                if r.status == 429 {
                    #expect(r.field("error") == "invalid_client")
                    #expect(r.field("error_description")?.hasPrefix("too many failed attempts from this client: try again in ") == true,
                            "\(r.body)")
                    #expect((Int(r.header("Retry-After") ?? "") ?? 0) >= 1)
                }
            }
            #expect(statuses == [401, 401, 401, 401, 401, 429, 429])
            let right = try await client.token(clientId: server.clientId, secret: server.clientSecret)
            #expect(right.status == 200, "\(right.body)")
        }
    }

    @Test("a request without grant type or credentials says what to send")
    func malformedRequests() async throws {
        let server = try InProcessServer()
        try await server.test { client in
            let form = ["Content-Type": "application/x-www-form-urlencoded"]
            let noGrant = try await client.request(.post, "/api/linkedinlearning/oauth2/token", headers: form, body: "client_id=x")
            #expect(noGrant.status == 400)
            #expect(noGrant.field("error_description") == "grant_type is missing: send grant_type=client_credentials")
            let password = try await client.request(.post, "/api/linkedinlearning/oauth2/token", headers: form,
                                                    body: "grant_type=password&client_id=x&client_secret=y")
            #expect(password.status == 400)
            #expect(password.field("error") == "unsupported_grant_type")
            let noSecret = try await client.request(.post, "/api/linkedinlearning/oauth2/token", headers: form,
                                                    body: "grant_type=client_credentials&client_id=x")
            #expect(noSecret.status == 401)
            #expect(noSecret.field("error_description") == "client_id and client_secret are required (form parameters or HTTP Basic)")
            #expect(noSecret.header("WWW-Authenticate") == "Basic realm=\"coursebridge\"")
        }
    }
}
