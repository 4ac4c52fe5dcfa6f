import Foundation
import Testing
@testable import CourseBridgeCore

private let ada = User(id: 1, email: "Ada@Example.com", username: "ada", externalId: "E-1")
private let bob = User(id: 2, email: "bob@example.com", username: "bob", externalId: "E-2")
private let twin = User(id: 3, email: "twin@example.com", username: "twin", externalId: "E-2")
private let users = [ada, bob, twin]

private func mbox(_ e: String) -> XAPIActor { XAPIActor(identifier: .mbox(e)) }
private func account(_ n: String) -> XAPIActor { XAPIActor(identifier: .account(homePage: "https://x.io", name: n)) }

struct LearnerMatchingRulesTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let rule: String
        let actor: XAPIActor
        let mode: LearnerIdentification
        let matched: Int64?
        let outcome: String
        var testDescription: String { rule }
    }

    static let rows: [Row] = [
        Row(rule: "Email: actor.mbox, case-insensitive", actor: mbox("ada@EXAMPLE.com"), mode: .email, matched: 1, outcome: "matched"),
        Row(rule: "Email: no such user → quarantine", actor: mbox("eve@example.com"), mode: .email, matched: nil, outcome: "noMatch"),
        Row(rule: "Email: actor sent an account instead of mbox", actor: account("ada"), mode: .email, matched: nil, outcome: "noMatch"),
        Row(rule: "User Name: actor.account.name", actor: account("bob"), mode: .username, matched: 2, outcome: "matched"),
        Row(rule: "User Name: an mbox is not read", actor: mbox("bob@example.com"), mode: .username, matched: nil, outcome: "noMatch"),
        Row(rule: "External Identifier: unique match", actor: account("E-1"), mode: .externalId, matched: 1, outcome: "matched"),
        Row(rule: "External Identifier matching more than one user: skipped", actor: account("E-2"), mode: .externalId,
            matched: nil, outcome: "ambiguous"),
        Row(rule: "External Identifier: none", actor: account("E-9"), mode: .externalId, matched: nil, outcome: "noMatch"),
    ]

    @Test(arguments: rows)
    func matching(_ row: Row) {
        let result = LearnerMatcher.match(row.actor, mode: row.mode, candidates: users)
        switch result {
        case .matched(let u): #expect(row.outcome == "matched" && u.id == row.matched)
        case .ambiguous: #expect(row.outcome == "ambiguous")
        case .noMatch: #expect(row.outcome == "noMatch")
        }
    }

    @Test func reasonsAreWrittenForAdministrators() {
        let ambiguous = LearnerMatcher.match(account("E-2"), mode: .externalId, candidates: users).reason ?? ""
        #expect(ambiguous.contains("'E-2' matches 2 users") && ambiguous.contains("statistic not recorded"))
        let missingField = LearnerMatcher.match(account("ada"), mode: .email, candidates: users).reason ?? ""
        #expect(missingField.contains("no actor.mbox"))
        let none = LearnerMatcher.match(mbox("eve@example.com"), mode: .email, candidates: users).reason ?? ""
        #expect(none.contains("'eve@example.com'") && none.contains("replay"))
    }

    @Test func lookupValueTellsTheStoreWhatToSearch() {
        #expect(LearnerMatcher.lookupValue(mbox("Ada@Example.com"), mode: .email) == "ada@example.com")
        #expect(LearnerMatcher.lookupValue(account("E-1"), mode: .externalId) == "E-1")
        #expect(LearnerMatcher.lookupValue(mbox("a@b.co"), mode: .username) == nil)
    }

    /// Pulled records and report rows (Coursera, edX, Percipio) carry an email and an account id, not an actor.
    struct PulledRow: Sendable, CustomTestStringConvertible {
        let rule: String
        let email: String?
        let account: String?
        let mode: LearnerIdentification
        let matched: Int64?
        let outcome: String
        var testDescription: String { rule }
    }

    static let pulledRows: [PulledRow] = [
        PulledRow(rule: "Email: the row's email, case-insensitive", email: "ADA@example.com", account: "E-2", mode: .email,
                  matched: 1, outcome: "matched"),
        PulledRow(rule: "Email: no email → unknown learner", email: nil, account: "E-1", mode: .email, matched: nil, outcome: "unknown"),
        PulledRow(rule: "Email: empty email → unknown learner", email: "", account: nil, mode: .email, matched: nil, outcome: "unknown"),
        PulledRow(rule: "User Name: the row's account id", email: "ada@example.com", account: "bob", mode: .username,
                  matched: 2, outcome: "matched"),
        PulledRow(rule: "External Identifier: the row's account id", email: "bob@example.com", account: "E-1", mode: .externalId,
                  matched: 1, outcome: "matched"),
        PulledRow(rule: "External Identifier of two users: skipped", email: "bob@example.com", account: "E-2", mode: .externalId,
                  matched: nil, outcome: "ambiguous"),
        PulledRow(rule: "External Identifier: a row without account id falls back to its email", email: "bob@example.com",
                  account: nil, mode: .externalId, matched: 2, outcome: "matched"),
        PulledRow(rule: "External Identifier: an empty account id does not fall back", email: "bob@example.com", account: "",
                  mode: .externalId, matched: nil, outcome: "unknown"),
        PulledRow(rule: "External Identifier: none", email: "bob@example.com", account: "E-9", mode: .externalId,
                  matched: nil, outcome: "noMatch"),
    ]

    @Test(arguments: pulledRows)
    func pulledMatching(_ row: PulledRow) {
        guard let key = LearnerMatcher.lookup(email: row.email, account: row.account, mode: row.mode) else {
            #expect(row.outcome == "unknown")
            return
        }
        // The store's lookup is loose (any candidate); the matcher checks again.
        switch LearnerMatcher.match(value: key.value, mode: key.mode, candidates: users) {
        case .matched(let u): #expect(row.outcome == "matched" && u.id == row.matched)
        case .ambiguous: #expect(row.outcome == "ambiguous")
        case .noMatch: #expect(row.outcome == "noMatch")
        }
    }

    @Test func pulledLookupTellsTheStoreWhatToSearch() {
        #expect(LearnerMatcher.lookup(email: " Ada@Example.com ", account: "E-1", mode: .email)! == ("ada@example.com", .email))
        #expect(LearnerMatcher.lookup(email: "a@b.co", account: "E-1", mode: .externalId)! == ("E-1", .externalId))
        #expect(LearnerMatcher.lookup(email: "a@b.co", account: nil, mode: .username)! == ("a@b.co", .email))
    }
}
