import CourseBridgeCore
import CourseBridgeData
import Foundation
import Testing

/// Statements, attempts, launches and webhook tokens, as every backend must keep them.
struct StatisticsContractTests {
    private struct Boom: Error {}

    private func insert(_ tx: any StatisticsTransaction, _ f: ContractFixture, _ id: String, body: String = "{}") throws {
        try tx.insertStatement(integrationId: f.integration.id!, statementId: id, body: body, contentHash: "h-\(body)", voids: nil,
                               receivedAt: ContractFixture.t0)
    }

    @Test func aStatementIdIsStoredOncePerIntegration() throws {
        let f = try ContractFixture()
        try f.store.statisticsTransaction { tx in try self.insert(tx, f, "s-1") }
        #expect(throws: StoreError.self) { try f.store.statisticsTransaction { tx in try self.insert(tx, f, "s-1") } }
        #expect(try f.store.statements(integrationId: f.integration.id!).map(\.statementId) == ["s-1"])
    }

    @Test func aFailedTransactionStoresNothingAndAFailedSavepointOnlyItsOwnPart() throws {
        let f = try ContractFixture()
        let failed = Result {
            try f.store.statisticsTransaction { tx -> Void in
                try self.insert(tx, f, "lost")
                throw Boom()
            }
        }
        #expect(throws: (any Error).self) { try failed.get() }
        #expect(try f.store.statements(integrationId: f.integration.id!).isEmpty)
        let outcome = try f.store.statisticsTransaction { tx -> String in
            try self.insert(tx, f, "kept-1")
            var failed = false
            do {
                try tx.savepoint { () throws -> Void in
                    try self.insert(tx, f, "undone")
                    try self.insert(tx, f, "kept-1")
                }
            } catch { failed = true }
            try self.insert(tx, f, "kept-2")
            return failed ? "savepoint failed" : "savepoint passed"
        }
        #expect(outcome == "savepoint failed")
        #expect(try f.store.statements(integrationId: f.integration.id!).map(\.statementId) == ["kept-1", "kept-2"])
    }

    /// Ingestion keeps the courses and learners it found (`memoizingLookups`); a change made by anything else
    /// before the next ingestion must be seen by it: a retired course, a second learner with the same external id.
    @Test func memoizedLookupsSeeLearnersAndCoursesChangedBetweenIngestions() throws {
        let f = try ContractFixture()
        let courseId = try f.createCourses([1])[0]
        _ = try f.store.addUser(User(email: "zoe@acme.example", username: "zoe", externalId: "EMP-7"))
        let lookups = { @Sendable (tx: any StatisticsTransaction) throws -> (CourseStatus?, Int) in
            (try tx.course(provider: .linkedin, providerId: "li-1")?.status, try tx.users(matching: "EMP-7", by: .externalId).count)
        }
        let before = try f.store.statisticsTransaction(memoizingLookups: true, lookups)
        #expect(before.0 == .active && before.1 == 1)

        try f.store.archiveCourses([courseId])
        _ = try f.store.addUser(User(email: "zack@acme.example", username: "zack", externalId: "EMP-7"))
        let after = try f.store.statisticsTransaction(memoizingLookups: true, lookups)
        #expect(after.0 == .archived, "a course archived between two ingestions is seen archived by the second")
        #expect(after.1 == 2, "a second learner with the same external id makes the match ambiguous at once")
    }

    @Test func outcomesAreRecordedAndQuarantineIsListedAndCounted() throws {
        let f = try ContractFixture()
        let id = f.integration.id!
        try f.store.statisticsTransaction { tx in
            try self.insert(tx, f, "a")
            try self.insert(tx, f, "b", body: #"{"actor":{"mbox":"mailto:zoe@x.example"}}"#)
            try tx.setOutcome(integrationId: id, statementId: "a", .applied, reason: nil)
            try tx.setOutcome(integrationId: id, statementId: "b", .quarantined, reason: "no learner zoe@x.example")
        }
        #expect(try f.store.quarantinedStatements().map(\.statementId) == ["b"])
        #expect(try f.store.quarantinedCount(integrationId: id) == 1)
        let page = try f.store.quarantinePage(search: "zoe", offset: 0, limit: 10)
        #expect(page.total == 1 && page.lines.first?.reason == "no learner zoe@x.example")
        #expect(try f.store.statementsReceived(integrationId: id, since: ContractFixture.t0 - 1) == 2)
        let intake = try f.store.statementIntake(integrationId: id, recentSince: ContractFixture.t0 - 60, daySince: ContractFixture.t0 - 3_600)
        #expect(intake.received == 2 && intake.applied == 1 && intake.quarantined == 1 && intake.recent == 2)
        let seen = try f.store.statisticsTransaction { tx in
            (try tx.statement(integrationId: id, statementId: "a")?.outcome, try tx.statements(outcome: .quarantined).count)
        }
        #expect(seen.0 == .applied && seen.1 == 1)
    }

    @Test func attemptsAreSavedUpdatedAndReportedWithNames() throws {
        let f = try ContractFixture()
        let course = try f.createCourses([1])[0]
        let ann = try f.learner("ann")
        try f.store.statisticsTransaction { tx in
            try tx.saveAttempts([Attempt(userId: ann, courseId: course, startedAt: ContractFixture.t0, progressPercent: 20)])
        }
        var stored = try f.store.attempts(userId: ann, courseId: course)
        stored[0].progressPercent = 80
        let updated = stored
        try f.store.statisticsTransaction { tx in try tx.saveAttempts(updated) }
        let reports = try f.store.attemptReports(AttemptReportQuery(userEmail: "ann@acme.example"))
        #expect(reports.map(\.attempt.progressPercent) == [80])
        #expect(reports.first?.courseTitle == "Course 1" && reports.first?.userEmail == "ann@acme.example")
        let line = try f.store.learnerStatistics(grouping: .perLearner, search: "", sort: .learner, descending: false, offset: 0, limit: 10)
        #expect(line.total == 1 && line.lines.first?.progress == 80)
    }

    @Test func launchesAreRecordedInOrderAndTheLaunchKeyIsStable() throws {
        let f = try ContractFixture()
        let course = try f.createCourses([1])[0]
        let ann = try f.learner("ann")
        try f.store.statisticsTransaction { tx in
            try tx.insertLaunch(userId: ann, courseId: course, pathId: nil, at: ContractFixture.t0 + 10)
            try tx.insertLaunch(userId: ann, courseId: course, pathId: nil, at: ContractFixture.t0 + 20)
        }
        #expect(try f.store.launches(userId: ann, courseId: course).map(\.launchedAt) == [ContractFixture.t0 + 10, ContractFixture.t0 + 20])
        let key = try f.store.launchKey()
        #expect(key.count == 32)
        #expect(try f.store.launchKey() == key)
    }

    @Test func webhookTokensWorkUntilTheyExpireAndSecretsAreShownOnce() throws {
        let f = try ContractFixture()
        let id = f.integration.id!
        let (first, generated) = try f.store.webhookCredentials(integrationId: id, rotate: false)
        #expect(generated)
        let secret = try #require(first.clientSecret)
        let (again, generatedAgain) = try f.store.webhookCredentials(integrationId: id, rotate: false)
        #expect(!generatedAgain && again.clientSecret == nil && again.clientId == first.clientId)
        #expect(try f.store.verifyWebhookSecret(integrationId: id, secret: secret))
        #expect(try !f.store.verifyWebhookSecret(integrationId: id, secret: secret + "x"))
        #expect(try f.store.integration(webhookClientId: first.clientId)?.id == id)
        let issued = try f.store.issueWebhookToken(integrationId: id, lifetime: 60, now: ContractFixture.t0)
        #expect(try f.store.integrationId(forToken: issued.token, now: ContractFixture.t0 + 59) == id)
        #expect(try f.store.integration(forToken: issued.token, now: ContractFixture.t0 + 59)?.id == id)
        #expect(try f.store.integrationId(forToken: issued.token, now: ContractFixture.t0 + 60) == nil, "expired")
        #expect(try f.store.integrationId(forToken: "forged", now: ContractFixture.t0) == nil)
        let (_, rotated) = try f.store.webhookCredentials(integrationId: id, rotate: true)
        #expect(rotated)
        let fresh = try f.store.issueWebhookToken(integrationId: id, lifetime: 60, now: ContractFixture.t0)
        #expect(try f.store.integrationId(forToken: fresh.token, now: ContractFixture.t0) == id)
        #expect(try !f.store.verifyWebhookSecret(integrationId: id, secret: secret), "the old secret no longer works")
        try f.store.ping()
    }

    /// Every statement request reads its token's integration; what it reads follows each change of the integration
    /// at once, however often the same row was read before.
    @Test func aTokensIntegrationIsReadAsItIsNow() throws {
        let f = try ContractFixture()
        let id = f.integration.id!
        let issued = try f.store.issueWebhookToken(integrationId: id, lifetime: 60, now: ContractFixture.t0)
        func current() throws -> Integration? { try f.store.integration(forToken: issued.token, now: ContractFixture.t0 + 1) }
        for _ in 0..<3 { #expect(try current()?.learnerIdentification == .email) }
        try f.store.setLearnerIdentification(integrationId: id, mode: .externalId)
        #expect(try current()?.learnerIdentification == .externalId)
        let tagSync = try #require(try current()).tagSync
        try f.store.setTagSync(integrationId: id, enabled: !tagSync)
        #expect(try current()?.tagSync == !tagSync)
        #expect(try current()?.state == .active)
        try f.store.deactivate(integrationId: id)
        #expect(try current()?.state == .deactivated)
    }
}
