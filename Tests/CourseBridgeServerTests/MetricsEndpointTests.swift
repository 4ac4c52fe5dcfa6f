import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import Testing

/// `GET /metrics` (Prometheus text) and the event log's intake lines, from the real binary (issue 17: live intake).
@Suite(.serialized)
struct MetricsEndpointTests {
    /// The value of one sample line, e.g. `coursebridge_statements_total{provider="linkedin",outcome="applied"}`.
    func sample(_ text: String, _ name: String, _ labels: [String: String]) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") {
            guard let close = line.firstIndex(of: "}") else { continue }
            let inside = line[line.index(line.startIndex, offsetBy: name.count + 1)..<close]
            let pairs = Dictionary(uniqueKeysWithValues: inside.split(separator: ",").compactMap { pair -> (String, String)? in
                let kv = pair.split(separator: "=", maxSplits: 1)
                return kv.count == 2 ? (String(kv[0]), String(kv[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))) : nil
            })
            if pairs == labels { return Double(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)) }
        }
        return nil
    }

    @Test func statementsAndTokenFailuresAreCountedAndLogged() throws {
        let h = ServeHarness()
        try h.seed()
        try h.start()
        let token = try h.token()
        #expect(try h.post(linkedInStatement(progress: 40), token: token).status == 200)
        #expect(try h.post(linkedInStatement(email: "nobody@acme.example"), token: token).status == 200)   // quarantined
        let statement = linkedInStatement(id: "0f0e9c1a-5d2b-4b7e-9a51-3c1f2a7d9e01")
        #expect(try h.post(statement, token: token).status == 200)
        #expect(try h.post(statement, token: token).status == 200)   // the same id and content: a duplicate
        #expect(try h.post("{not json", token: token).status == 400)
        #expect(try h.post(linkedInStatement(), token: "wrong").status == 401)
        let refused = try h.http("POST", "/api/linkedinlearning/oauth2/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                 body: "grant_type=client_credentials&client_id=\(h.clientId)&client_secret=wrong%1B%5B31m")
        #expect(refused.status == 401)

        let metrics = try h.http("GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
        let text = metrics.body
        #expect(sample(text, "coursebridge_statements_total", ["provider": "linkedin", "outcome": "applied"]) == 2, "\(text)")
        #expect(sample(text, "coursebridge_statements_total", ["provider": "linkedin", "outcome": "quarantined"]) == 1)
        #expect(sample(text, "coursebridge_statements_total", ["provider": "linkedin", "outcome": "duplicate"]) == 1)
        #expect(sample(text, "coursebridge_statement_requests_total", ["provider": "linkedin", "status": "2xx"]) == 4)
        #expect(sample(text, "coursebridge_statement_requests_total", ["provider": "linkedin", "status": "4xx"]) == 2)
        #expect(sample(text, "coursebridge_token_requests_total", ["provider": "linkedin", "result": "issued"]) == 1)
        #expect(sample(text, "coursebridge_token_requests_total", ["provider": "linkedin", "result": "refused"]) == 1)
        #expect((sample(text, "coursebridge_last_statement_timestamp_seconds", ["integration": "1"]) ?? 0) > 1_700_000_000)

        // A graceful stop writes what was gathered to the event log, sender-controlled text made inert.
        #expect(h.terminate() == 0)
        let events = try h.store().events(EventQuery())
        let statements = try #require(events.first { $0.kind == .statements }, "\(events)")
        #expect(statements.message.hasPrefix("3 statements in 4 requests"), "\(statements.message)")
        #expect(statements.message.contains(": 2 applied, 1 quarantined; 1 duplicate ignored"), "\(statements.message)")
        #expect(events.contains { $0.kind == .quarantine && $0.message.contains("1 statement quarantined") })
        let failure = try #require(events.first { $0.kind == .tokenFailure }, "\(events)")
        #expect(failure.message.contains("1 LinkedIn Learning token request refused"), "\(failure.message)")
        #expect(!events.map(\.message).joined().contains("wrong"), "the secret tried is not logged")
    }
}
