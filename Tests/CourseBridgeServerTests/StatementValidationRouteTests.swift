import Foundation
import Testing

/// Statements that fail validation, in-process: each gets 400 with a JSON body naming the path and the problem,
/// and none is stored.
struct StatementValidationRouteTests {
    struct Case: Sendable, CustomStringConvertible {
        var body: String
        var path: String
        var fragment: String
        var description: String { path }
    }

    @Test("validation errors: each status and JSON body names what is wrong", arguments: [
        Case(body: "{not json", path: "body", fragment: "not valid JSON"),
        Case(body: #"{"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"urn:lyndaCourse:252"}}"#,
             path: "statement.actor", fragment: "required"),
        Case(body: #"{"actor":{"mbox":"mailto:a@b.example","account":{"homePage":"https://x","name":"a"}},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"urn:lyndaCourse:252"}}"#,
             path: "statement.actor", fragment: "exactly one identifier"),
        Case(body: #"{"actor":{"mbox":"mailto:a@b.example"},"object":{"id":"urn:lyndaCourse:252"}}"#, path: "statement.verb", fragment: "required"),
        Case(body: #"{"actor":{"mbox":"mailto:a@b.example"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"}}"#,
             path: "statement.object", fragment: "required"),
        Case(body: #"[{"actor":{"mbox":"mailto:a@b.example"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"urn:lyndaCourse:252"},"result":{"duration":"4 minutes"}}]"#,
             path: "statement[0].result.duration", fragment: "4 minutes"),
        Case(body: #"{"actor":{"mbox":"mailto:a@b.example"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"urn:lyndaCourse:252"},"result":{"completion":"yes"}}"#,
             path: "statement.result.completion", fragment: "true or false"),
        Case(body: linkedInStatement(id: String(repeating: "x", count: 300)), path: "statement.id", fragment: "at most 256"),
    ])
    func invalidStatement(_ c: Case) async throws {
        let server = try InProcessServer()
        try await server.test { client in
            let token = try await server.accessToken(client)
            let r = try await client.statements(c.body, token: token)
            #expect(r.status == 400)
            #expect(r.field("error") == "bad_request")
            #expect(r.field("path") == c.path, "\(r.body)")
            #expect(r.field("message")?.contains(c.fragment) == true, "\(r.body)")
            #expect(r.header("X-Experience-API-Version") == "1.0.3")
        }
        #expect(try server.store.statements(integrationId: 1).isEmpty)
    }

    @Test("X-Experience-API-Version: absent or 1.0.x accepted (LinkedIn may not send it; finding L4), others refused")
    func versionHeader() async throws {
        let server = try InProcessServer()
        try await server.test { client in
            let token = try await server.accessToken(client)
            #expect(try await client.statements(linkedInStatement(), token: token, version: nil).status == 200)
            #expect(try await client.statements(linkedInStatement(), token: token, version: "1.0").status == 200)
            let old = try await client.statements(linkedInStatement(), token: token, version: "0.95")
            #expect(old.status == 400)
            #expect(old.field("message") == "X-Experience-API-Version '0.95' is not supported: send 1.0.x")
        }
        #expect(try server.store.statements(integrationId: 1).count == 2)
    }

    @Test("PUT takes one statement object whose id matches statementId")
    func putShape() async throws {
        let server = try InProcessServer()
        let id = "55555555-5555-4555-8555-555555555555"
        try await server.test { client in
            let token = try await server.accessToken(client)
            let array = try await client.statements("[" + linkedInStatement(id: id) + "]", token: token,
                                                    path: "/api/linkedinlearning/stats?statementId=\(id)", method: .put)
            #expect(array.status == 400)
            #expect(array.field("message") == "PUT takes one statement object, not an array")
            let other = "66666666-6666-4666-8666-666666666666"
            let differs = try await client.statements(linkedInStatement(id: id), token: token,
                                                      path: "/api/linkedinlearning/stats?statementId=\(other)", method: .put)
            #expect(differs.status == 400)
            #expect(differs.field("message") == "the statement's id '\(id)' differs from statementId '\(other)'")
        }
        #expect(try server.store.statements(integrationId: 1).isEmpty)
    }
}
