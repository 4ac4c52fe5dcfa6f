import CourseBridgeConsole
import CourseBridgeCore
import CourseBridgeEngine
import CourseBridgeData
import CourseBridgeStore
import Foundation

/// The console's statistics, quarantine, course-edit and search queries over the store and the statistics engine.
/// Edits act as `actingEmail`, so the platform's role rules apply in the console exactly as on the CLI.
/// With no acting user (no platform administrator yet, no `--as`) the console still opens; only edits are refused.
struct ConsoleStoreBridge: ConsoleStoreExtensions {
    let store: any DataStore
    let actingEmail: String?

    func statistics(_ query: CourseBridgeConsole.StatsQuery) throws -> Page<StatRow> {
        let sort: LearnerStatsSort = switch query.sort {
        case .learner: .learner
        case .course: .course
        case .progress: .progress
        case .score: .score
        case .timeSpent: .timeSpent
        case .completion: .completion
        case .result: .result
        case .lastActivity: .lastActivity
        case .attempts: .attempts
        }
        let page = try store.learnerStatistics(grouping: query.view == .perCourse ? .perCourse : .perLearner, search: query.search,
                                               sort: sort, descending: query.descending, offset: query.offset, limit: query.limit)
        return Page(offset: query.offset, rows: page.lines, total: page.total)
    }

    func quarantine(search: String, offset: Int, limit: Int) throws -> Page<QuarantineRow> {
        let page = try store.quarantinePage(search: search, offset: offset, limit: limit)
        let rows = page.lines.map { line in
            let parts = Self.actorAndObject(ofStatement: line.body)
            return QuarantineRow(integrationId: line.integrationId, statementId: line.statementId, receivedAt: line.receivedAt,
                                 reason: line.reason, actor: parts.actor, object: parts.object)
        }
        return Page(offset: offset, rows: rows, total: page.total)
    }

    func replay(statementIds: [String]?) throws -> String {
        let ingestor = StatementIngestor(store: store)
        var total = ReplayCounts()
        for id in statementIds.map({ $0.map(Optional.some) }) ?? [nil] {
            let counts = try ingestor.replayQuarantined(id)
            total.applied += counts.applied
            total.stillQuarantined += counts.stillQuarantined
            total.skipped += counts.skipped
        }
        let replayed = total.applied + total.stillQuarantined + total.skipped
        return "Replayed \(replayed): \(total.applied) applied, \(total.stillQuarantined) still quarantined, \(total.skipped) skipped."
    }

    func statementsToday(integrationId: Int64, now: Date) throws -> Int {
        try store.statementsReceived(integrationId: integrationId, since: Calendar.current.startOfDay(for: now))
    }

    func quarantineCount(integrationId: Int64) throws -> Int { try store.quarantinedCount(integrationId: integrationId) }

    func skills(courseId: Int64) throws -> [String] { try store.courseDetails(id: courseId).skills }

    /// Applies the difference between what the course has and what the administrator left in the form.
    func saveCourseEdits(courseId: Int64, skills: [String], manualTags: [String]) throws {
        guard let actingEmail else {
            throw CLIError("no user to act as: restart the console with --as EMAIL (a group admin, editor or platform administrator)")
        }
        let details = try store.courseDetails(id: courseId)
        let (addSkills, removeSkills) = Self.difference(from: details.skills, to: skills)
        let manual = details.tags.filter { $0.source == .manual }.map(\.name)
        let (addTags, removeTags) = Self.difference(from: manual, to: manualTags)
        for skill in removeSkills { try PlatformEditing(store: store).removeSkill(courseId: courseId, skill: skill, actingEmail: actingEmail) }
        for skill in addSkills { _ = try PlatformEditing(store: store).addSkill(courseId: courseId, skill: skill, actingEmail: actingEmail) }
        for tag in removeTags { try PlatformEditing(store: store).removeTag(courseId: courseId, tag: tag, actingEmail: actingEmail) }
        for tag in addTags { _ = try PlatformEditing(store: store).addTag(courseId: courseId, tag: tag, actingEmail: actingEmail) }
    }

    func searchCourses(_ query: CourseListQuery) throws -> Page<Course> {
        let filter = CourseQuery(integrationId: query.integrationId)
        // One row past the page tells whether there is more without counting every match.
        var page = filter
        page.limit = query.limit + 1
        page.offset = query.offset
        let rows = try store.searchCourses(query.search, page)
        let total = rows.count > query.limit ? query.offset + query.limit + 1 : query.offset + rows.count
        return Page(offset: query.offset, rows: Array(rows.prefix(query.limit)), total: total)
    }

    // MARK: - Helpers

    /// Case-insensitive difference of two label lists, ignoring blanks.
    static func difference(from old: [String], to new: [String]) -> (add: [String], remove: [String]) {
        let clean = new.map { $0.trimmed }.filter { !$0.isEmpty }
        let oldKeys = Set(old.map { $0.lowercased() })
        let newKeys = Set(clean.map { $0.lowercased() })
        return (clean.filter { !oldKeys.contains($0.lowercased()) }, old.filter { !newKeys.contains($0.lowercased()) })
    }

    /// The learner and course a stored statement names, for the quarantine list.
    static func actorAndObject(ofStatement body: String) -> (actor: String, object: String) {
        guard let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return ("?", "?") }
        let actor = json["actor"] as? [String: Any]
        let account = actor?["account"] as? [String: Any]
        let who = (actor?["mbox"] as? String).map { $0.replacingOccurrences(of: "mailto:", with: "") }
            ?? (account?["name"] as? String) ?? "?"
        let what = ((json["object"] as? [String: Any])?["id"] as? String) ?? "?"
        return (who, what)
    }
}

extension Wiring {
    /// The user the console acts as: `--as` (which must exist), else the first platform administrator, else nobody.
    static func consoleActor(store: any DataStore, requested: String?) throws -> String? {
        if let requested {
            _ = try store.user(email: requested)
            return requested
        }
        return try store.platformAdminEmails().first
    }

    /// The console's acting user with their platform-administrator flag (nil: no administrator yet, the operator acts).
    static func consoleActingUser(store: any DataStore, email: String?) throws -> ActingUser? {
        guard let email else { return nil }
        return try AdminAuthorization(store: store).actor(email: email)
    }
}
