import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
@testable import CourseBridgeStore
import Foundation
import GRDB

/// A store with one pushing integration, learners and courses, and the statistics services over it.
struct StatsFixture {
    let store: Store
    let integration: Integration
    let ingestor: StatementIngestor
    let clock: TestClock

    /// Statements and launches happen at `clock.now`; the integration was configured at `configuredAt`.
    init(provider: Provider, mode: LearnerIdentification = .email, configuredAt: Date = day(0)) throws {
        clock = TestClock(day(10))
        let clock = self.clock
        store = try Store.inMemory(now: { clock.now })
        let group = try store.addGroup(name: "Acme", parentId: nil, isPrivate: false)
        let admin = try store.addUser(User(email: "admin@acme.example"))
        try store.setMember(groupId: group.id!, email: admin.email, role: .groupAdmin)
        let added = try store.addIntegration(provider: provider, groupId: group.id!, authorEmail: admin.email, apiBase: nil, tokenURL: nil)
        try store.setLearnerIdentification(integrationId: added.id!, mode: mode)
        try store.writer.write { db in
            try db.execute(sql: "UPDATE integration SET configured_at = ?", arguments: [configuredAt.timeIntervalSince1970])
        }
        integration = try store.integration(id: added.id!)
        ingestor = StatementIngestor(store: store, now: { clock.now })
    }

    /// LinkedIn Learning, configured on day 5, with one learner (ann@acme.example) and one course (lyndaCourse 252,
    /// `urn:lyndaCourse:252` in statements).
    static func linkedInWithAnn() throws -> StatsFixture {
        let f = try StatsFixture(provider: .linkedin, configuredAt: day(5))
        try f.addUser("ann@acme.example")
        try f.addCourse("urn:li:lyndaCourse:252")
        return f
    }

    @discardableResult
    func addUser(_ email: String, username: String? = nil, externalId: String? = nil) throws -> User {
        try store.addUser(User(email: email, username: username, externalId: externalId))
    }

    @discardableResult
    func addCourse(_ providerId: String, duration: Int? = 3_600, launchURL: String? = "https://provider.example/launch") throws -> Int64 {
        try store.writer.write { db in
            try db.execute(sql: """
                INSERT INTO course(integration_id, provider, provider_id, title, duration_seconds, launch_url, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 0, 0)
                """, arguments: [integration.id, integration.provider.rawValue, providerId, "Course \(providerId)", duration, launchURL])
            return db.lastInsertedRowID
        }
    }

    /// Parses with the provider's options (as the server does) and ingests.
    @discardableResult
    func push(_ json: String) throws -> [IngestedStatement] {
        let statements = try XAPIStatementParser.parse(body: Data(json.utf8), options: .for(integration.provider))
        return try ingestor.ingest(statements, integration: integration)
    }

    func attempts(_ email: String, courseId: Int64 = 1) throws -> [Attempt] {
        let user = try store.user(email: email)
        return try store.attempts(userId: user.id!, courseId: courseId)
    }

    func outcomes() throws -> [String: StatementOutcome] {
        Dictionary(uniqueKeysWithValues: try store.statements(integrationId: integration.id!).map { ($0.statementId, $0.outcome) })
    }
}

/// A settable clock shared with the services.
final class TestClock: @unchecked Sendable {  // tests set it between calls only
    var now: Date
    init(_ now: Date) { self.now = now }
}

func day(_ n: Double, hour: Double = 0) -> Date { Date(timeIntervalSince1970: 1_700_000_000 + n * 86_400 + hour * 3_600) }

func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

// MARK: - Statement builders

func statement(id: String? = nil, actor: String = #"{"mbox":"mailto:ann@acme.example"}"#, verb: String, object: String,
               result: String? = nil, at: Date? = nil) -> String {
    var parts = [#""actor":\#(actor)"#, #""verb":{"id":"\#(verb)"}"#, #""object":{"id":"\#(object)"}"#]
    if let id { parts.insert(#""id":"\#(id)""#, at: 0) }
    if let result { parts.append(#""result":\#(result)"#) }
    if let at { parts.append(#""timestamp":"\#(iso(at))""#) }
    return "{" + parts.joined(separator: ",") + "}"
}

func voiding(_ target: String, id: String = UUID().uuidString) -> String {
    #"{"id":"\#(id)","actor":{"mbox":"mailto:ann@acme.example"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},"object":{"objectType":"StatementRef","id":"\#(target)"}}"#
}

enum Verb {
    static let adl = "http://adlnet.gov/expapi/verbs/"
    static let progressed = adl + "progressed"
    static let completed = adl + "completed"
    static let passed = adl + "passed"
    static let initialized = adl + "initialized"
    static let arrived = "https://xapi.percipio.com/xapi/verbs/arrived"
}

func progress(_ value: String) -> String { #"{"extensions":{"https://w3id.org/xapi/cmi5/result/extensions/progress":\#(value)}}"# }
