import CourseBridgeCore
import Foundation

/// edX catalog results and learner-summary rows → normalized values.
enum EdXMapper {
    typealias F = EdXFields

    /// `courserun` and `program` results are skipped.
    static func isCourse(_ e: ProviderJSON) -> Bool { e[F.contentType]?.string?.lowercased() == F.courseType }

    /// A course whose runs are all closed (`active: false`) is treated as gone from the catalog.
    static func isInactive(_ e: ProviderJSON) -> Bool { e[F.active]?.bool == false }

    /// Nil without a key.
    static func item(from e: ProviderJSON) -> CatalogItem? {
        guard let key = e[F.key]?.string, !key.isEmpty else { return nil }
        var item = CatalogItem(providerId: key, contentType: ContentType.course, title: e[F.title]?.string ?? "")
        item.description = nonEmpty(e[F.fullDescription]?.string) ?? e[F.shortDescription]?.string ?? ""
        item.thumbnailURL = first(F.thumbnails, in: e)
        item.authors = Normalize.unique((e[F.owners]?.array ?? []).compactMap { $0[F.ownerName]?.string })
        item.difficulty = Normalize.difficulty(e[F.levelType]?.string)
        item.subjects = Normalize.unique((e[F.subjects]?.array ?? []).compactMap { $0[F.subjectName]?.string ?? $0.string })
        item.skills = Normalize.unique(e[F.skills]?.strings ?? [])
        item.lastUpdatedAt = ValueParsing.date(e[F.modified]?.string)
        let runs = e[F.courseRuns]?.array ?? []
        item.languages = Normalize.unique(runs.compactMap { $0[F.runLanguage]?.string.map(Normalize.language) })
        // Prefer the current run's estimate; any run's otherwise.
        let current = runs.first { $0[F.runAvailability]?.string?.lowercased() == "current" && $0[F.runHours]?.double != nil }
        let hours = (current ?? runs.first { $0[F.runHours]?.double != nil })?[F.runHours]?.double
        item.durationSeconds = hours.flatMap { ($0 * 3600).wholeSeconds }
        item.launchURL = first(F.launchURLs, in: e)
        return item
    }

    /// Nil without a course key (or a run key to derive it from).
    static func activity(from e: ProviderJSON) -> LearnerActivityRecord? {
        guard let course = first(F.courseKeys, in: e) ?? courseKey(ofRun: e[F.courseRunKey]?.string) else { return nil }
        let status = e[F.progressStatus]?.string?.lowercased() ?? ""
        let passed = F.passedFlags.contains { e[$0]?.bool == true }
        return LearnerActivityRecord(email: first(F.emails, in: e), contentId: course,
                                     isCompleted: passed || F.completedStatuses.contains(status),
                                     completedAt: F.passedDates.lazy.compactMap { ValueParsing.date(e[$0]?.string) }.first,
                                     lastActivityAt: ValueParsing.date(e[F.lastActivity]?.string))
    }

    /// `course-v1:MITx+6.00.1x+2T2024` → `MITx+6.00.1x`, the catalog's course key.
    static func courseKey(ofRun run: String?) -> String? {
        guard var run = nonEmpty(run) else { return nil }
        if run.hasPrefix("course-v1:") { run.removeFirst("course-v1:".count) }
        let parts = run.split(separator: "+")
        return parts.count >= 3 ? parts.dropLast().joined(separator: "+") : nil
    }

    /// The first non-empty string among `paths` (dotted paths allowed).
    private static func first(_ paths: [String], in e: ProviderJSON) -> String? {
        paths.lazy.compactMap { nonEmpty(e.at($0)?.string) }.first
    }

    private static func nonEmpty(_ s: String?) -> String? { (s?.trimmed.isEmpty ?? true) ? nil : s }
}
