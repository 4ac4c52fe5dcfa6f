import CourseBridgeCore
import Foundation
import Testing

/// Every stored statement keeps its body's canonical text and its content hash, and a repeat is compared by the
/// hash: the bytes the writer makes must never change. These were recorded from the writer as it was when the
/// statements were first stored (before the byte buffer), so a rewrite of it is checked against them.
struct CanonicalTextGoldenTests {
    struct Golden: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let json: String
        let body: String
        let contentHash: String
    }

    static let goldens: [Golden] = [
        Golden(testDescription: "LinkedIn's pushed completion (Tests/Fixtures/linkedin/xapi-statement-completed.json)",
               json: #"{"id":"a1b2c3d4-linkedin-not-a-uuid","actor":{"objectType":"Agent","mbox":"mailto:ann@acme.example"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"en-US":"COMPLETED"}},"object":{"objectType":"Activity","id":"urn:lyndaCourse:101","definition":{"type":"http://adlnet.gov/expapi/activities/course"}},"result":{"completion":true,"duration":"PT4M30S","extensions":{"https://w3id.org/xapi/cmi5/result/extensions/progress":"100"}},"timestamp":"2026-11-30T10:00:00+0000"}"#,
               body: "{\"actor\":{\"mbox\":\"mailto:ann@acme.example\",\"objectType\":\"Agent\"},\"id\":\"a1b2c3d4-linkedin-not-a-uuid\",\"object\":{\"definition\":{\"type\":\"http://adlnet.gov/expapi/activities/course\"},\"id\":\"urn:lyndaCourse:101\",\"objectType\":\"Activity\"},\"result\":{\"completion\":true,\"duration\":\"PT4M30S\",\"extensions\":{\"https://w3id.org/xapi/cmi5/result/extensions/progress\":\"100\"}},\"timestamp\":\"2026-11-30T10:00:00+0000\",\"verb\":{\"display\":{\"en-US\":\"COMPLETED\"},\"id\":\"http://adlnet.gov/expapi/verbs/completed\"}}",
               contentHash: "c640e91657afe708"),
        Golden(testDescription: "Percipio's shape: score, context, nulls, stored and authority left out of the hash",
               json: #"{"id":"6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f","actor":{"objectType":"Agent","name":"Zoë Ünal","account":{"homePage":"https://acme.percipio.com","name":"EMP-7"}},"verb":{"id":"http://adlnet.gov/expapi/verbs/passed","display":{"en-US":"passed","fr-FR":"réussi"}},"object":{"id":"https://acme.percipio.com/courses/9c1e","definition":{"name":{"en-US":"Leading \"Teams\"\\ Well"},"description":null}},"result":{"score":{"scaled":0.85,"raw":85,"min":0,"max":100},"success":true,"completion":true,"duration":"PT1H2M3.5S"},"context":{"platform":"Percipio","language":"en-US","extensions":{"https://percipio.com/ext/big":12345678901234567,"https://percipio.com/ext/neg":-42,"https://percipio.com/ext/frac":-0.125,"https://percipio.com/ext/zero":-0.0}},"timestamp":"2026-11-30T10:00:00.123Z","stored":"2026-11-30T10:00:01Z","authority":{"mbox":"mailto:lrs@acme.example"},"version":"1.0.3"}"#,
               body: "{\"actor\":{\"account\":{\"homePage\":\"https://acme.percipio.com\",\"name\":\"EMP-7\"},\"name\":\"Zo\u{eb} \u{dc}nal\",\"objectType\":\"Agent\"},\"authority\":{\"mbox\":\"mailto:lrs@acme.example\"},\"context\":{\"extensions\":{\"https://percipio.com/ext/big\":1.2345678901234568e+16,\"https://percipio.com/ext/frac\":-0.125,\"https://percipio.com/ext/neg\":-42,\"https://percipio.com/ext/zero\":0},\"language\":\"en-US\",\"platform\":\"Percipio\"},\"id\":\"6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f\",\"object\":{\"definition\":{\"description\":null,\"name\":{\"en-US\":\"Leading \\\"Teams\\\"\\\\ Well\"}},\"id\":\"https://acme.percipio.com/courses/9c1e\"},\"result\":{\"completion\":true,\"duration\":\"PT1H2M3.5S\",\"score\":{\"max\":100,\"min\":0,\"raw\":85,\"scaled\":0.85},\"success\":true},\"stored\":\"2026-11-30T10:00:01Z\",\"timestamp\":\"2026-11-30T10:00:00.123Z\",\"verb\":{\"display\":{\"en-US\":\"passed\",\"fr-FR\":\"r\u{e9}ussi\"},\"id\":\"http://adlnet.gov/expapi/verbs/passed\"},\"version\":\"1.0.3\"}",
               contentHash: "c8d3caf70c509289"),
        Golden(testDescription: "escapes, controls, emoji, line separators, non-NFC keys and a Group's members",
               json: #"{"id":"0a0b0c0d-1e1f-4a2b-8c3d-4e5f60718293","actor":{"mbox":"mailto:ann@acme.example","name":"tab\there"},"context":{"team":{"objectType":"Group","name":"Team","member":[{"name":"e\u0301mile","mbox":"mailto:b@x.org"},{"name":"\u00e9mile","mbox":"mailto:a@x.org"},{"name":"Zed","account":{"homePage":"https://h","name":"z"}}]}},"verb":{"id":"http://adlnet.gov/expapi/verbs/progressed"},"object":{"id":"urn:lyndaCourse:7","definition":{"extensions":{"k\u0001":"line\u2028sep\r\n\u001f end 😀","é":"1","E":"3","":{}}}},"result":{"extensions":{"https://w3id.org/xapi/cmi5/result/extensions/progress":40}},"timestamp":"2026-11-30T23:59:60+01:00"}"#,
               body: "{\"actor\":{\"mbox\":\"mailto:ann@acme.example\",\"name\":\"tab\\there\"},\"context\":{\"team\":{\"member\":[{\"mbox\":\"mailto:b@x.org\",\"name\":\"e\u{301}mile\"},{\"mbox\":\"mailto:a@x.org\",\"name\":\"\u{e9}mile\"},{\"account\":{\"homePage\":\"https://h\",\"name\":\"z\"},\"name\":\"Zed\"}],\"name\":\"Team\",\"objectType\":\"Group\"}},\"id\":\"0a0b0c0d-1e1f-4a2b-8c3d-4e5f60718293\",\"object\":{\"definition\":{\"extensions\":{\"\":{},\"E\":\"3\",\"k\\u0001\":\"line\u{2028}sep\\r\\n\\u001f end \u{1f600}\",\"\u{e9}\":\"1\"}},\"id\":\"urn:lyndaCourse:7\"},\"result\":{\"extensions\":{\"https://w3id.org/xapi/cmi5/result/extensions/progress\":40}},\"timestamp\":\"2026-11-30T23:59:60+01:00\",\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/progressed\"}}",
               contentHash: "374c937764663610"),
    ]

    @Test(arguments: goldens)
    func storedTextAndHashAreAsRecorded(_ golden: Golden) throws {
        let statement = try #require(try XAPIStatementParser.parse(body: Data(golden.json.utf8), options: .init(acceptsNonUUIDIds: true)).first)
        #expect(statement.raw.canonicalText == golden.body)
        #expect(statement.contentHash == golden.contentHash)
        // As stored: with its own id, the same text; with another (a PUT's, a generated one), only the id differs.
        #expect(statement.canonicalText(withId: statement.id!) == golden.body)
        guard case .object(var fields) = statement.raw else { Issue.record("not an object"); return }
        fields["id"] = .string("urn:other")
        #expect(statement.canonicalText(withId: "urn:other") == XAPIJSON.object(fields).canonicalText)
    }
}
