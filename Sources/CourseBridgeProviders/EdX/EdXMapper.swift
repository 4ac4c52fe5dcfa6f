import CourseBridgeCore
import Foundation

/// edX catalog results and learner progress rows → normalized values.
enum EdXMapper {
    typealias F = EdXFields

    /// Nil when the result is not a course (`courserun`, `program` are skipped).
    static func isCourse(_ e: ProviderJSON) -> Bool { e[F.contentType]?.string?.lowercased() == F.courseType }

    /// Nil without a key.
    static func item(from e: ProviderJSON) -> CatalogItem? {
        guard let key = e[F.key]?.string, !key.isEmpty else { return nil }
        var item = CatalogItem(providerId: key, contentType: ContentType.course, title: e[F.title]?.string ?? "")
        item.description = nonEmpty(e[F.fullDescription]?.string) ?? e[F.shortDescription]?.string ?? ""
        item.thumbnailURL = e.at(F.imageSrc)?.string
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
        item.durationSeconds = hours.map { Int(($0 * 3600).rounded()) }
        item.launchURL = e[F.marketingURL]?.string
        return item
    }

    static func activity(from e: ProviderJSON) -> LearnerActivityRecord? {
        guard let course = e[F.courseKey]?.string, !course.isEmpty else { return nil }
        let status = e[F.progressStatus]?.string?.lowercased() ?? ""
        let completed = (e[F.isPassed]?.bool ?? false) || F.completedStatuses.contains(status)
        return LearnerActivityRecord(email: e[F.email]?.string, contentId: course, isCompleted: completed,
                                     completedAt: ValueParsing.date(e[F.completedDate]?.string),
                                     lastActivityAt: ValueParsing.date(e[F.lastActivity]?.string))
    }

    private static func nonEmpty(_ s: String?) -> String? { (s?.isEmpty ?? true) ? nil : s }
}
