import Foundation
import Testing
@testable import CourseBridgeCore

private func parse(_ json: String, _ options: XAPIStatementParser.Options = .strict) throws(XAPIValidationError) -> [XAPIStatement] {
    try XAPIStatementParser.parse(body: Data(json.utf8), options: options)
}

private func problem(_ json: String, _ options: XAPIStatementParser.Options = .strict) -> String? {
    do { _ = try parse(json, options); return nil } catch { return error.description }
}

private let actor = #""actor":{"objectType":"Agent","mbox":"mailto:Ada@Example.com"}"#
private let verb = #""verb":{"id":"http://adlnet.gov/expapi/verbs/progressed","display":{"en-US":"PROGRESSED"}}"#
private let object = #""object":{"objectType":"Activity","id":"urn:lyndaCourse:252","definition":{"type":"http://adlnet.gov/expapi/activities/course"}}"#

// MARK: - Statements as the providers send them

struct XAPIStatementTests {
    @Test func linkedInProgressStatementWithStringProgressAndNonUUIDId() throws {
        let json = """
        {"id":"li-12345-abc",\(actor),\(verb),\(object),
         "result":{"completion":false,"duration":"PT4M30S","extensions":{"https://w3id.org/xapi/cmi5/result/extensions/progress":"42"}},
         "timestamp":"2024-10-01T08:30:00.000+0000"}
        """
        let s = try #require(try parse(json, .linkedIn).first)
        #expect(s.id == "li-12345-abc")
        #expect(s.actor.identifier == .mbox("Ada@Example.com"))
        #expect(s.verb.name == "progressed")
        #expect(s.verb.display == "PROGRESSED")
        #expect(s.object == .activity(id: "urn:lyndaCourse:252", type: "http://adlnet.gov/expapi/activities/course"))
        #expect(s.result == XAPIResult(completion: false, durationSeconds: 270, progressPercent: 42))
        #expect(s.timestamp == Date(timeIntervalSince1970: 1_727_771_400))
    }

    @Test func skillsoftAccountWithLowerCaseHomepage() throws {
        let json = """
        [{"actor":{"account":{"homepage":"https://acme.percipio.com","name":"E-1001"}},
          "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
          "object":{"id":"https://xapi.percipio.com/xapi/course/6f1c1f2e-8a8b-4f55-9b1e-0c3b1d2a9f10"},
          "result":{"completion":true,"score":{"scaled":0.85,"raw":85,"min":0,"max":100},"extensions":{"https://w3id.org/xapi/cmi5/result/extensions/progress":100}}}]
        """
        let s = try #require(try parse(json).first)
        #expect(s.actor.identifier == .account(homePage: "https://acme.percipio.com", name: "E-1001"))
        #expect(s.result?.score?.percent == 85)
        #expect(s.result?.progressPercent == 100)
        #expect(s.id == nil)
    }

    @Test func voidingStatement() throws {
        let json = """
        {\(actor),"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},
         "object":{"objectType":"StatementRef","id":"e05aa883-acaf-40ad-bf54-02c8ce485fb0"}}
        """
        #expect(try parse(json).first?.voidedStatementId == "e05aa883-acaf-40ad-bf54-02c8ce485fb0")
    }

    // MARK: Errors say what is wrong and where

    struct BadRow: Sendable, CustomTestStringConvertible {
        let rule: String
        let body: String
        let expected: String
        var testDescription: String { rule }
    }

    static let badRows: [BadRow] = [
        BadRow(rule: "not JSON", body: "{nope", expected: "body: is not valid JSON"),
        BadRow(rule: "neither object nor array", body: "42", expected: "body: must be a statement object or an array of statements, got a number"),
        BadRow(rule: "empty batch", body: "[]", expected: "body: is an empty array"),
        BadRow(rule: "no actor", body: "{\(verb),\(object)}", expected: "statement.actor: is required"),
        BadRow(rule: "no verb", body: "{\(actor),\(object)}", expected: "statement.verb: is required"),
        BadRow(rule: "no object", body: "{\(actor),\(verb)}", expected: "statement.object: is required"),
        BadRow(rule: "third statement has an actor with two identifiers",
               body: "[{\(actor),\(verb),\(object)},{\(actor),\(verb),\(object)},{\"actor\":{\"mbox\":\"mailto:a@b.co\",\"account\":{\"homePage\":\"https://x.io\",\"name\":\"a\"}},\(verb),\(object)}]",
               expected: "statement[2].actor: an Agent needs exactly one identifier (mbox, mbox_sha1sum, openid or account), found mbox and account"),
        BadRow(rule: "actor without identifier", body: "{\"actor\":{\"name\":\"Ada\"},\(verb),\(object)}",
               expected: "statement.actor: an Agent needs exactly one identifier (mbox, mbox_sha1sum, openid or account), found none"),
        BadRow(rule: "mbox without mailto:", body: "{\"actor\":{\"mbox\":\"ada@example.com\"},\(verb),\(object)}",
               expected: "statement.actor.mbox: must be 'mailto:' followed by an email address, got 'ada@example.com'"),
        BadRow(rule: "account without name", body: "{\"actor\":{\"account\":{\"homePage\":\"https://x.io\"}},\(verb),\(object)}",
               expected: "statement.actor.account.name: is required"),
        BadRow(rule: "verb id is not an IRI", body: "{\(actor),\"verb\":{\"id\":\"completed\"},\(object)}",
               expected: "statement.verb.id: 'completed' is not an IRI"),
        BadRow(rule: "strict id must be a UUID", body: "{\"id\":\"abc\",\(actor),\(verb),\(object)}", expected: "statement.id: 'abc' is not a UUID"),
        BadRow(rule: "progress that is not a number",
               body: "{\(actor),\(verb),\(object),\"result\":{\"extensions\":{\"https://w3id.org/xapi/cmi5/result/extensions/progress\":\"half\"}}}",
               expected: "statement.result.extensions[\"https://w3id.org/xapi/cmi5/result/extensions/progress\"]: must be a progress from 0 to 100"),
        BadRow(rule: "scaled score out of range", body: "{\(actor),\(verb),\(object),\"result\":{\"score\":{\"scaled\":85}}}",
               expected: "statement.result.score.scaled: must be between -1 and 1"),
        BadRow(rule: "completion as a string", body: "{\(actor),\(verb),\(object),\"result\":{\"completion\":\"true\"}}",
               expected: "statement.result.completion: must be true or false, got 'true'"),
        BadRow(rule: "bad duration", body: "{\(actor),\(verb),\(object),\"result\":{\"duration\":\"4 minutes\"}}",
               expected: "statement.result.duration: '4 minutes' is not an ISO 8601 duration"),
        BadRow(rule: "bad timestamp", body: "{\(actor),\(verb),\(object),\"timestamp\":\"yesterday\"}",
               expected: "statement.timestamp: 'yesterday' is not an ISO 8601 date-time"),
        BadRow(rule: "voiding an activity", body: "{\(actor),\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"},\(object)}",
               expected: "statement.object: a voiding statement (verb voided) must have a StatementRef object"),
        BadRow(rule: "a batch repeats an id",
               body: "[{\"id\":\"e05aa883-acaf-40ad-bf54-02c8ce485fb0\",\(actor),\(verb),\(object)},{\"id\":\"E05AA883-ACAF-40AD-BF54-02C8CE485FB0\",\(actor),\(verb),\(object)}]",
               expected: "statement[1].id: repeats the id of statement[0]"),
        BadRow(rule: "anonymous group actor", body: "{\"actor\":{\"objectType\":\"Group\",\"member\":[]},\(verb),\(object)}",
               expected: "statement.actor: an anonymous Group cannot be matched to a learner"),
    ]

    @Test(arguments: badRows)
    func rejected(_ row: BadRow) throws {
        let message = try #require(problem(row.body), "should be rejected")
        #expect(message.hasPrefix(row.expected), "got: \(message)")
    }
}

// MARK: - Idempotency

struct XAPIStatementHashTests {
    static let base = "{\"id\":\"e05aa883-acaf-40ad-bf54-02c8ce485fb0\",\(actor),\(verb),\(object),\"timestamp\":\"2024-10-01T08:30:00Z\"}"

    private func statement(_ json: String) throws -> XAPIStatement { try #require(try parse(json).first) }

    @Test func sameIdSameContentIsADuplicate() throws {
        let first = try statement(Self.base)
        // Reordered keys, a +0000 offset and an LRS-assigned `stored` are not differences.
        let again = try statement("""
        {\(object),\(verb),\(actor),"timestamp":"2024-10-01T08:30:00+0000","stored":"2024-10-01T09:00:00Z","id":"e05aa883-acaf-40ad-bf54-02c8ce485fb0"}
        """)
        #expect(XAPIStatementReplay.classify(again, storedContentHash: first.contentHash) == .duplicate)
    }

    /// Stored hashes must not change with how the text is written: the one-pass writer gives the bytes of the
    /// normalized tree's text (nulls left out at every depth but kept in arrays, a Group's members sorted).
    @Test(arguments: [
        #"{"a":null,"b":{"c":null,"d":[null,{"e":null,"f":1.5}]},"g":"x\"y\n","h":[3,2.0,true,false]}"#,
        #"{"actor":{"objectType":"Group","name":null,"member":[{"mbox":"mailto:b@x.org","name":null},{"mbox":"mailto:a@x.org"},{"account":{"name":"z","homePage":"https://h"}}]}}"#,
        #"{"objectType":"Group","member":"not an array","k":{"objectType":"Group","member":[{"z":1},{"a":null,"y":2}]}}"#,
        #"{"é":1,"e":2,"E":3,"\u0000":4,"":{}}"#,
        #"[1,null,{"a":null}]"#,
    ])
    func oneTextWriterMatchesTheNormalizedTree(_ json: String) throws {
        let value = try XAPIJSON.parse(Data(json.utf8))
        var written: [UInt8] = []
        value.appendCanonicalBytes(to: &written, comparing: true)
        #expect(String(decoding: written, as: UTF8.self) == XAPIStatement.normalized(value).canonicalText)
    }

    @Test func sameIdDifferentContentIsAConflict() throws {
        let first = try statement(Self.base)
        let changed = try statement(Self.base.replacingOccurrences(of: "progressed", with: "completed"))
        #expect(XAPIStatementReplay.classify(changed, storedContentHash: first.contentHash) == .conflict)
        #expect(XAPIStatementReplay.classify(changed, storedContentHash: nil) == .new)
    }
}
