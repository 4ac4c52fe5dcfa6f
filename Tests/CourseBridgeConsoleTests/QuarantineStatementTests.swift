import CourseBridgeConsole
import Foundation
import Testing

/// The quarantine list names each statement's learner and course, read with Core's parser (issue 15): whatever
/// was received, the line still shows, with "?" for what the statement does not say.
@Suite("Quarantine lines: whom and what a statement names")
struct QuarantineStatementTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let actor: String
        let object: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "mbox", body: #"{"actor":{"mbox":"mailto:ana@acme.example"},"verb":{"id":"x"},"object":{"id":"urn:li:lyndaCourse:7"}}"#,
             actor: "ana@acme.example", object: "urn:li:lyndaCourse:7"),
        Case(name: "account name", body: #"{"actor":{"account":{"homePage":"https://acme.example","name":"emp-42"}},"object":{"id":"course-9"}}"#,
             actor: "emp-42", object: "course-9"),
        Case(name: "mbox before account", body: #"{"actor":{"mbox":"mailto:bo@acme.example","account":{"name":"emp-1"}},"object":{"id":"c"}}"#,
             actor: "bo@acme.example", object: "c"),
        Case(name: "missing actor", body: #"{"verb":{"id":"x"},"object":{"id":"course-9"}}"#, actor: "?", object: "course-9"),
        Case(name: "actor without a name, object without an id", body: #"{"actor":{"objectType":"Agent"},"object":{"objectType":"Activity"}}"#,
             actor: "?", object: "?"),
        Case(name: "mbox not a string", body: #"{"actor":{"mbox":42},"object":{"id":"c"}}"#, actor: "?", object: "c"),
        Case(name: "not JSON", body: "actor=ana&object=course-9", actor: "?", object: "?"),
        Case(name: "cut short", body: #"{"actor":{"mbox":"mailto:ana@acme.example"},"object":{"id":"#, actor: "?", object: "?"),
        Case(name: "not an object", body: #"["actor","object"]"#, actor: "?", object: "?"),
        Case(name: "a key given twice (kept as received)", body: #"{"actor":{"mbox":"mailto:a@x","mbox":"mailto:b@x"},"object":{"id":"c"}}"#,
             actor: "b@x", object: "c"),
    ]

    @Test(arguments: cases)
    func actorAndObject(_ c: Case) {
        let names = QuarantineRow.actorAndObject(ofStatement: c.body)
        #expect(names.actor == c.actor)
        #expect(names.object == c.object)
    }

    @Test func theRowCarriesWhatTheStatementNames() {
        let at = Date(timeIntervalSince1970: 1_700_000_000)
        let row = QuarantineRow(integrationId: 3, statementId: "s-1", receivedAt: at, reason: "learner unknown",
                                statement: #"{"actor":{"mbox":"mailto:ana@acme.example"},"object":{"id":"course-9"}}"#)
        #expect(row == QuarantineRow(integrationId: 3, statementId: "s-1", receivedAt: at, reason: "learner unknown",
                                     actor: "ana@acme.example", object: "course-9"))
    }
}
