import CourseBridgeCore
import Foundation

/// edX catalog results and learner-summary rows → normalized values.
enum EdXMapper {
    typealias F = EdXFields

    /// `courserun` and `program` results are skipped.
    static func isCourse(_ e: EdXElement) -> Bool { e.contentType?.string?.lowercased() == F.courseType }

    /// A course whose runs are all closed (`active: false`) is treated as gone from the catalog.
    static func isInactive(_ e: EdXElement) -> Bool { e.active?.bool == false }

    /// Nil without a key.
    static func item(from e: EdXElement) -> CatalogItem? {
        guard let key = e.key?.string, !key.isEmpty else { return nil }
        var item = CatalogItem(providerId: key, contentType: ContentType.course, title: e.title?.string ?? "")
        item.description = nonEmpty(e.fullDescription?.string) ?? e.shortDescription?.string ?? ""
        item.thumbnailURL = firstNonEmpty(e.imageURL, e.cardImageURL, e.imageSrc)
        item.authors = Normalize.unique(e.owners)
        item.difficulty = Normalize.difficulty(e.levelType?.string)
        item.subjects = Normalize.unique(e.subjects)
        item.skills = Normalize.unique(e.skills)
        item.lastUpdatedAt = ValueParsing.date(e.modified?.string)
        item.languages = Normalize.unique(e.runs.compactMap { $0.language?.string.map(Normalize.language) })
        // Prefer the current run's estimate; any run's otherwise.
        let current = e.runs.first { $0.availability?.string?.lowercased() == "current" && $0.hours?.double != nil }
        let hours = (current ?? e.runs.first { $0.hours?.double != nil })?.hours?.double
        item.durationSeconds = hours.flatMap { ($0 * 3600).wholeSeconds }
        item.launchURL = firstNonEmpty(e.enrollmentURL, e.marketingURL)
        return item
    }

    /// The same from a parsed result (tests, recorded traffic): read back through the page reader, so both paths
    /// follow one set of rules.
    static func item(from e: ProviderJSON) -> CatalogItem? { element(e).flatMap(item(from:)) }

    private static func element(_ e: ProviderJSON) -> EdXElement? {
        try? JSONScanner.read(Data(e.canonicalText.utf8), EdXElement.read)
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

    /// The first of `values` that is a non-empty text, in the order the fields are preferred.
    private static func firstNonEmpty(_ values: XAPIJSON?...) -> String? {
        values.lazy.compactMap { nonEmpty($0?.string) }.first
    }

    private static func nonEmpty(_ s: String?) -> String? { (s?.trimmed.isEmpty ?? true) ? nil : s }
}
