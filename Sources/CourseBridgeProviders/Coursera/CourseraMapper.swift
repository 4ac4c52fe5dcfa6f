import CourseBridgeCore
import Foundation

/// Coursera `contents` elements and enrollment report rows → normalized values.
enum CourseraMapper {
    typealias F = CourseraFields

    /// Nil without an id. `program` is the program being read; `selected` limits programIds (empty = all).
    static func item(from e: ProviderJSON, program: String?, selected: Set<String>) -> CatalogItem? {
        guard let id = e[F.id]?.string, !id.isEmpty else { return nil }
        let rawType = (e[F.contentType]?.string ?? "Course").lowercased().replacingOccurrences(of: " ", with: "")
        var item = CatalogItem(providerId: id, contentType: F.contentTypes[rawType] ?? rawType, title: e[F.name]?.string ?? "")
        item.description = e[F.description]?.string ?? ""
        item.thumbnailURL = e[F.photoUrl]?.string
        let instructors = (e[F.instructors]?.array ?? []).compactMap { $0[F.instructorName]?.string ?? $0.string }
        item.authors = Normalize.unique(instructors + (e[F.partnerNames]?.strings ?? []))
        item.durationSeconds = ValueParsing.workloadSeconds(e[F.workload]?.string)
            ?? e[F.estimatedHours]?.double.map { Int(($0 * 3600).rounded()) }
        item.difficulty = Normalize.difficulty(e[F.difficultyLevel]?.string)
        item.languages = e[F.languageCode]?.string.map { [Normalize.language($0)] } ?? []
        item.skills = Normalize.unique((e[F.skills]?.array ?? []).compactMap { $0.string ?? $0["name"]?.string })
        item.lastUpdatedAt = ValueParsing.date(e[F.lastUpdatedAt]?.string)
            ?? e[F.lastUpdatedAt]?.double.flatMap { ValueParsing.date(epochMillis: $0) }

        // Launch URL and programs: the program being read first, then the others the element names.
        let links = (e[F.programs]?.array ?? []).compactMap { p -> (String, String?)? in
            guard let pid = p[F.programsProgramId]?.string else { return nil }
            return (pid, p[F.programsContentUrl]?.string)
        }
        var ids = links.map(\.0)
        if let program { ids.insert(program, at: 0) }
        item.programIds = Normalize.unique(ids).filter { selected.isEmpty || selected.contains($0) }
        item.launchURL = links.first { $0.0 == program }?.1 ?? links.first { $0.1 != nil }?.1
        return item
    }

    /// Nil without a content id.
    static func activity(from e: ProviderJSON) -> LearnerActivityRecord? {
        guard let contentId = e[F.contentId]?.string, !contentId.isEmpty else { return nil }
        let grade = e[F.grade]?.double
        let resources = (e[F.resources]?.array ?? []).compactMap { r -> ResourceTime? in
            guard let id = r[F.resourceId]?.string else { return nil }
            return ResourceTime(id: id, name: r[F.resourceName]?.string ?? "", timeSpentSeconds: r[F.resourceTime]?.int ?? 0)
        }
        return LearnerActivityRecord(
            email: e[F.email]?.string, externalId: e[F.externalId]?.string, contentId: contentId,
            isCompleted: e[F.isCompleted]?.bool ?? false, completedAt: ValueParsing.date(e[F.completedAt]?.string),
            progressPercent: e[F.overallProgress]?.double,
            // The report gives 0–1; a value above 1 is taken as already a percentage.
            scorePercent: grade.map { $0 <= 1 ? $0 * 100 : $0 },
            lastActivityAt: ValueParsing.date(e[F.lastActivityAt]?.string), resources: resources)
    }
}
