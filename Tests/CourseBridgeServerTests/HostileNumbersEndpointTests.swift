import Foundation
import Testing

/// A provider's statement whose numbers no integer holds is stored like any other, and the server goes on: before,
/// a Percipio `result.duration` of 10^23 seconds stopped `serve` (an Int conversion trapped).
@Suite(.serialized)
struct HostileNumbersEndpointTests {
    @Test(arguments: ["PT100000000000000000000000S", "P99999999999999999999999DT1S"])
    func aDurationNoIntegerHoldsIsAnsweredAndTheServerGoesOn(duration: String) throws {
        let h = ServeHarness()
        try h.seed()
        try h.start()
        let secret = try h.store().webhookCredentials(integrationId: 2, rotate: true).0
        let st = try h.http("POST", "/api/skillsoft/oauth2/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                            body: "grant_type=client_credentials&client_id=\(secret.clientId)&client_secret=\(h.form(secret.clientSecret ?? ""))")
        let token = try #require(st.object["access_token"] as? String)
        let statement = #"{"actor":{"mbox":"mailto:ann@acme.example"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"#
            + #""object":{"id":"https://xapi.percipio.com/xapi/course/8c5f2c7e-1111-4a8e-9d3e-0123456789ab"},"#
            + #""result":{"completion":true,"duration":""# + duration + #""}}"#
        #expect(try h.post(statement, token: token, path: "/api/skillsoft/statements").status == 200)
        #expect(try h.http("GET", "/health").status == 200, "the server is still up")
        #expect(h.terminate() == 0)
    }
}
