import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Synchronization

/// In-memory services: records what the console asked for.
final class FakeServices: ConsoleServices {
    let calls = Mutex<[String]>([])
    let courseTotal: Int
    let statRows: [StatRow]
    /// When set, `startSync` fails as the engine does for an unknown or deactivated integration.
    let refuseSync: String?
    init(courseTotal: Int = 0, statRows: [StatRow] = [], refuseSync: String? = nil) {
        self.courseTotal = courseTotal
        self.statRows = statRows
        self.refuseSync = refuseSync
    }
    private func record(_ s: String) { calls.withLock { $0.append(s) } }

    func dashboard() throws -> [IntegrationSummary] { record("dashboard"); return [Fixtures.linkedIn] }
    func courses(_ q: CourseListQuery) throws -> Page<Course> {
        record("courses \(q.offset) \(q.limit)")
        let end = min(courseTotal, q.offset + q.limit)
        let rows = (q.offset..<max(q.offset, end)).map { Fixtures.course(Int64($0 + 1)) }
        return Page(offset: q.offset, rows: rows, total: courseTotal)
    }
    func courseDetail(_ course: Course) throws -> CourseDetail { CourseDetail(course: course) }
    func runs(integrationId: Int64?) throws -> [SyncRunRecord] { [] }
    func statistics(_ q: StatsQuery) throws -> Page<StatRow> {
        let rows = Array(statRows.dropFirst(q.offset).prefix(q.limit))
        return Page(offset: q.offset, rows: rows, total: statRows.count)
    }
    func quarantine(search: String, offset: Int, limit: Int) throws -> Page<QuarantineRow> { .empty }
    func filterOptions(integrationId: Int64) throws -> FilterOptions {
        FilterOptions(languages: [FilterOption(value: "en", courses: 10)], contentTypes: [], current: CatalogFilter())
    }
    func filterImpact(integrationId: Int64, filter: CatalogFilter) throws -> Int { 3 }
    func credentials(integrationId: Int64) throws -> [String: String] { [:] }
    func webhook(integrationId: Int64, rotate: Bool) throws -> WebhookInfo { WebhookInfo(clientId: "cb-1", clientSecret: "secret") }
    func wizardOptions() throws -> WizardOptions { WizardOptions(groups: [], authors: []) }
    func saveCredentials(integrationId: Int64, values: [String: String]) throws { record("saveCredentials") }
    func testConnection(integrationId: Int64) -> ConnectionOutcome { record("test"); return ConnectionOutcome(ok: true, message: "Connected") }
    func setLearnerIdentification(integrationId: Int64, mode: LearnerIdentification) throws {}
    func setTagSync(integrationId: Int64, enabled: Bool) throws {}
    func setSchedule(integrationId: Int64, schedule: DailySchedule) throws {}
    func setFullListingInterval(integrationId: Int64, days: Int) throws { record("full every \(days)") }
    func deactivate(integrationId: Int64) throws -> Int { record("deactivate"); return 12 }
    func activate(integrationId: Int64) throws { record("activate \(integrationId)") }
    func deleteIntegration(integrationId: Int64) throws { record("delete \(integrationId)") }
    func saveFilters(integrationId: Int64, filter: CatalogFilter) throws -> Int { 3 }
    func saveCourseEdits(courseId: Int64, skills: [String], manualTags: [String]) throws { throw NotWired("editing skills") }
    func replay(statementIds: [String]?) throws -> String { "replayed" }
    func createIntegration(provider: Provider, groupId: Int64, authorEmail: String) throws -> Int64 { 9 }
    func setSelectedPrograms(integrationId: Int64, programs: [String]) throws {}
    func startSync(integrationId: Int64, confirmArchive: Bool) throws -> Int64 {
        record("start \(integrationId)")
        if let refusal = refuseSync { throw Refusal(description: refusal) }
        return 41
    }
    func cancelSync(integrationId: Int64) { record("cancel \(integrationId)") }
    func drainProgress() -> [SyncProgress] { [] }
}

/// An error whose text is exactly what the engine would say.
struct Refusal: Error, CustomStringConvertible {
    let description: String
}

enum Fixtures {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    static var linkedIn: IntegrationSummary {
        var i = Integration(id: 1, provider: .linkedin, groupId: 1, authorUserId: 1, configuredAt: now)
        i.hasCredentials = true
        let run = SyncRunRecord(id: 7, integrationId: 1, trigger: .manual, startedAt: now.addingTimeInterval(-7200),
                                endedAt: now.addingTimeInterval(-7100), outcome: .succeeded, reason: nil,
                                counts: SyncPlanCounts(created: 120, updated: 4, archived: 2, ignored: 10, unchanged: 500), pages: 7,
                                itemsSeen: 636, warnings: 0, errors: [])
        return IntegrationSummary(integration: i, groupName: "Acme 日本", authorEmail: "admin@acme.example", lastRun: run,
                                  nextRun: now.addingTimeInterval(5 * 3600 + 600), activeCourses: 1200, archivedCourses: 35,
                                  statementsToday: 48, quarantined: 3)
    }

    static var skillsoft: IntegrationSummary {
        let i = Integration(id: 2, provider: .skillsoft, groupId: 2, authorUserId: 1, state: .deactivated, configuredAt: now)
        return IntegrationSummary(integration: i, groupName: "Sales", authorEmail: "admin@acme.example", activeCourses: 0,
                                  archivedCourses: 80)
    }

    static func course(_ id: Int64) -> Course {
        Course(id: id, integrationId: 1, provider: .linkedin, providerId: "urn:li:lyndaCourse:\(id)", title: "Course \(id)",
               languages: ["en"])
    }

    static func model(readOnly: Bool = false) -> ConsoleModel {
        var m = ConsoleModel(readOnly: readOnly, now: now)
        _ = update(&m, .loaded(.dashboard([linkedIn, skillsoft])))
        return m
    }

    static func progress(_ phase: SyncProgress.Phase, seen: Int = 500, total: Int? = 1000) -> SyncProgress {
        SyncProgress(runId: 41, integrationId: 1, phase: phase, pages: 5, itemsSeen: seen, totalReported: total,
                     counts: SyncPlanCounts(created: 300, updated: 20, archived: 0, ignored: 5, unchanged: 175),
                     startedAt: now.addingTimeInterval(-10), updatedAt: now)
    }
}

/// Sends keys one by one and collects the effects.
@discardableResult
func press(_ m: inout ConsoleModel, _ keys: Key...) -> [ConsoleEffect] {
    keys.flatMap { update(&m, .key($0)) }
}

func type(_ m: inout ConsoleModel, _ text: String) {
    for c in text { _ = update(&m, .key(.char(c))) }
}
