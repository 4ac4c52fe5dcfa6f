import Foundation
import Testing

@Suite(.serialized)
struct TokenEndpointTests {
    @Test("client credentials as form or HTTP Basic; RFC 6749 errors; tokens only for their integration; 429 after repeated failures, never for the right secret")
    func tokenFlow() throws {
        let h = ServeHarness()
        try h.seed()
        try h.start()
        let path = "/api/linkedinlearning/oauth2/token"
        let formHeaders = ["Content-Type": "application/x-www-form-urlencoded"]

        let ok = try h.http("POST", path, headers: formHeaders,
                            body: "grant_type=client_credentials&client_id=\(h.clientId)&client_secret=\(h.form(h.clientSecret))&scope=xapi:write")
        #expect(ok.status == 200)
        #expect(ok.object["token_type"] as? String == "Bearer")
        #expect(ok.object["expires_in"] as? Int == 3600)
        #expect(ok.headers["cache-control"] == "no-store")
        #expect(ok.headers["x-experience-api-version"] == "1.0.3")

        let basic = try h.http("POST", path, headers: formHeaders, body: "grant_type=client_credentials", user: "\(h.clientId):\(h.clientSecret)")
        #expect(basic.status == 200)
        #expect(basic.object["access_token"] is String)

        let grant = try h.http("POST", path, headers: formHeaders, body: "grant_type=password&client_id=\(h.clientId)&client_secret=x")
        #expect(grant.status == 400)
        #expect(grant.object["error"] as? String == "unsupported_grant_type")

        let missing = try h.http("POST", path, headers: formHeaders, body: "client_id=\(h.clientId)")
        #expect(missing.status == 400)
        #expect(missing.object["error"] as? String == "invalid_request")

        // The LinkedIn client id is not a Skillsoft client, and a LinkedIn token does not open Skillsoft's endpoints.
        let wrongProvider = try h.http("POST", "/api/skillsoft/oauth2/token", headers: formHeaders,
                                       body: "grant_type=client_credentials&client_id=\(h.clientId)&client_secret=\(h.form(h.clientSecret))")
        #expect(wrongProvider.status == 401)
        #expect(wrongProvider.object["error"] as? String == "invalid_client")
        let linkedInToken = try #require(ok.object["access_token"] as? String)
        let crossed = try h.post(#"{"actor":{"mbox":"mailto:ann@acme.example"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://xapi.percipio.com/xapi/course/x"}}"#,
                                 token: linkedInToken, path: "/api/skillsoft/statements")
        #expect(crossed.status == 401)

        // Wrong secrets: invalid_client, then slowed down with 429 and Retry-After, never revealing the secret.
        var statuses: [Int] = []
        for _ in 0..<7 {
            let r = try h.http("POST", path, headers: formHeaders, body: "grant_type=client_credentials&client_id=\(h.clientId)&client_secret=wrong")
            statuses.append(r.status)
            #expect(!r.body.contains(h.clientSecret))
            if r.status == 401 { #expect(r.object["error"] as? String == "invalid_client") }
            if r.status == 429 { #expect(Int(r.headers["retry-after"] ?? "") ?? 0 >= 1) }
        }
        // The refused Skillsoft request above was the first failure from this address: five in all, then 429.
        #expect(statuses == [401, 401, 401, 401, 429, 429, 429])
        // The right secret is never slowed down by failures (strangers' or its own): credentials are checked first.
        let during = try h.http("POST", path, headers: formHeaders, body: "grant_type=client_credentials", user: "\(h.clientId):\(h.clientSecret)")
        #expect(during.status == 200)
        let logText = try String(contentsOfFile: h.log, encoding: .utf8)
        #expect(!logText.contains(h.clientSecret))
        #expect(h.terminate() == 0)
    }
}
