import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import Testing

/// The statement endpoints through the real binary: group commit, the store on disk, `coursebridge launch`'s
/// links, kill -9. What a request is answered is tested in-process (`StatementRouteTests`, `StatementValidationRouteTests`).
@Suite(.serialized)
struct StatementEndpointTests {
    @Test("ids in order, generated when absent; PUT 204; duplicates counted once; 409 conflicts; batches all-or-nothing")
    func storage() throws {
        let h = ServeHarness()
        try h.seed()
        try h.start()
        let token = try h.token()
        let id1 = "11111111-1111-4111-8111-111111111111", id2 = "22222222-2222-4222-8222-222222222222"

        let batch = try h.post("[" + linkedInStatement(id: id1) + "," + linkedInStatement(progress: 50) + "]", token: token)
        #expect(batch.status == 200)
        let ids = try #require(batch.json as? [String])
        #expect(ids.count == 2 && ids[0] == id1 && UUID(uuidString: ids[1]) != nil)

        let put = try h.post(linkedInStatement(progress: 60), token: token, path: "/api/linkedinlearning/stats/statements?statementId=\(id2)", method: "PUT")
        #expect(put.status == 204)
        #expect(put.headers["x-experience-api-version"] == "1.0.3")

        let again = try h.post(linkedInStatement(id: id1), token: token)
        #expect(again.status == 200)
        #expect(again.json as? [String] == [id1])

        let id3 = "33333333-3333-4333-8333-333333333333"
        let conflict = try h.post("[" + linkedInStatement(id: id3) + "," + linkedInStatement(id: id1, progress: 99) + "]", token: token)
        #expect(conflict.status == 409)
        #expect((conflict.object["message"] as? String)?.contains(id1) == true)

        let statements = try h.store().statements(integrationId: 1)
        #expect(statements.count == 3)
        #expect(!statements.contains { $0.statementId == id3 })
        let reports = try h.store().attemptReports(AttemptReportQuery(userEmail: "ann@acme.example"))
        #expect(reports.map(\.attempt.progressPercent) == [60])

        // Skillsoft at its two URLs with its own token; `homepage` in lower case is accepted.
        // The secret is stored as a hash: a rotation hands out a new one.
        let secret = try h.store().webhookCredentials(integrationId: 2, rotate: true).0
        let st = try h.http("POST", "/api/skillsoft/oauth2/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                            body: "grant_type=client_credentials&client_id=\(secret.clientId)&client_secret=\(h.form(secret.clientSecret ?? ""))")
        let skillsoftToken = try #require(st.object["access_token"] as? String)
        let percipio = #"{"actor":{"mbox":"mailto:ann@acme.example"},"verb":{"id":"https://xapi.percipio.com/xapi/verbs/arrived"},"object":{"id":"https://xapi.percipio.com/xapi/course/8c5f2c7e-1111-4a8e-9d3e-0123456789ab"}}"#
        #expect(try h.post(percipio, token: skillsoftToken, path: "/api/skillsoft/statements").status == 200)
        #expect(try h.post(percipio, token: skillsoftToken, path: "/api/skillsoft").status == 200)
        #expect(try h.store().attemptReports(AttemptReportQuery(courseId: 2)).map(\.attempt.progressPercent) == [50])

        let about = try h.http("GET", "/api/skillsoft/about")
        #expect(about.status == 200)
        #expect((about.object["version"] as? [String])?.contains("1.0.3") == true)
        #expect(try h.http("GET", "/health").status == 200)
        #expect(h.terminate() == 0)
    }

    @Test("a signed launch link answers 302 to the provider and leaves the attempt in progress; an unsigned one 403")
    func launch() throws {
        let h = ServeHarness()
        try h.seed()
        try h.start()
        // The signed link `coursebridge launch` prints (security review H1); an unsigned one changes nothing.
        #expect(try h.http("GET", "/launch/1?user=ann@acme.example").status == 403)
        #expect(try h.http("GET", "/launch/1?user=nobody@acme.example").status == 403)
        #expect(try h.store().attemptReports(AttemptReportQuery(courseId: 1)).isEmpty)
        let printed = try h.cli(["launch", "1", "--user", "ann@acme.example", "--public-url", h.baseURL, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String: Any]
        let link = try #require(object?["link"] as? String)
        let r = try h.http("GET", String(link.dropFirst(h.baseURL.count)))
        #expect(r.status == 302)
        #expect(r.headers["location"] == "https://www.linkedin.com/learning/swift")
        #expect(try h.store().attemptReports(AttemptReportQuery(courseId: 1)).map(\.attempt.progressPercent) == [1])
        #expect(object?["providerURL"] as? String == "https://www.linkedin.com/learning/swift")
        #expect(h.terminate() == 0)
    }

    @Test("a statement answered 200 survives kill -9 right after, and is counted once when sent again")
    func durability() throws {
        let h = ServeHarness()
        try h.seed()
        try h.start()
        let token = try h.token()
        let id = "44444444-4444-4444-8444-444444444444"
        let r = try h.post(linkedInStatement(id: id, verb: "completed"), token: token)
        #expect(r.status == 200)
        h.kill9()

        try h.start()
        let newToken = try h.token()
        #expect(try h.post(linkedInStatement(id: id, verb: "completed"), token: newToken).status == 200)
        let statements = try h.store().statements(integrationId: 1)
        #expect(statements.map(\.statementId) == [id])
        #expect(statements.first?.outcome == .applied)
        let attempts = try h.store().attemptReports(AttemptReportQuery(courseId: 1))
        #expect(attempts.count == 1)
        #expect(attempts.first?.attempt.completionStatus == .completed)
        #expect(h.terminate() == 0)
    }
}
