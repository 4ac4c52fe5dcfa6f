import CourseBridgeCore
import Foundation

/// Coursera `contents` elements and enrollment report rows → normalized values.
enum CourseraMapper {
    typealias F = CourseraFields

    /// The course identity: `contentId`, else the part of `id` after `~` (`Course~abc` → `abc`).
    static func contentId(of e: ProviderJSON) -> String? {
        if let id = nonEmpty(e[F.contentId]?.string) { return id }
        guard let id = nonEmpty(e[F.id]?.string) else { return nil }
        guard let tilde = id.firstIndex(of: "~") else { return id }
        return nonEmpty(String(id[id.index(after: tilde)...]))
    }

    /// Nil without a content id. `selected` limits the programs kept on the item (empty = all).
    static func item(from e: ProviderJSON, selected: Set<String>) -> CatalogItem? {
        guard let id = contentId(of: e) else { return nil }
        let declaredType = e[F.contentType]?.string ?? e[F.id]?.string?.split(separator: "~").first.map(String.init)
        let rawType = (declaredType ?? "Course").lowercased().replacingOccurrences(of: " ", with: "")
        var item = CatalogItem(providerId: id, contentType: F.contentTypes[rawType] ?? rawType, title: e[F.name]?.string ?? "")
        item.description = e[F.description]?.string ?? ""
        item.thumbnailURL = F.thumbnails.lazy.compactMap { nonEmpty(e.at($0)?.string) }.first
        let instructors = (e[F.instructors]?.array ?? []).compactMap { $0[F.instructorName]?.string ?? $0.string }
        let partners = (e[F.partners]?.array ?? []).compactMap { $0[F.partnerName]?.string ?? $0.string }
        item.authors = Normalize.unique(instructors + partners + (e[F.partnerNames]?.strings ?? []))
        item.durationSeconds = e.at(F.estimatedLearningTime)?.double.map { Int($0.rounded()) }
            ?? ValueParsing.workloadSeconds(e[F.workload]?.string)
            ?? e[F.estimatedHours]?.double.map { Int(($0 * 3600).rounded()) }
        item.difficulty = Normalize.difficulty(e[F.difficultyLevel]?.string)
        item.languages = e[F.languageCode]?.string.map { [Normalize.language($0)] } ?? []
        let definitionSkills = (e.at(F.definitionSkills)?.array ?? []).compactMap { $0[F.skillName]?.string ?? $0.string }
        let olderSkills = (e[F.skills]?.array ?? []).compactMap { $0.string ?? $0["name"]?.string }
        item.skills = Normalize.unique(definitionSkills.isEmpty ? olderSkills : definitionSkills)
        item.lastUpdatedAt = CourseraDate.parse(e[F.lastUpdatedAt])

        // Programs and launch URL come from the element itself: a selected program's link first.
        let links = (e[F.programs]?.array ?? []).compactMap { p -> (String, String?)? in
            guard let pid = nonEmpty(p[F.programsProgramId]?.string) else { return nil }
            return (pid, nonEmpty(p[F.programsContentUrl]?.string))
        }
        item.programIds = Normalize.unique(links.map(\.0)).filter { selected.isEmpty || selected.contains($0) }
        item.launchURL = links.first { $0.1 != nil && (selected.isEmpty || selected.contains($0.0)) }?.1
            ?? links.first { $0.1 != nil }?.1
        return item
    }

    /// Nil without a content id.
    static func activity(from e: ProviderJSON) -> LearnerActivityRecord? {
        guard let contentId = nonEmpty(e[F.contentId]?.string) else { return nil }
        let grade = e[F.grade]?.double
        let resources = (e[F.resources]?.array ?? []).compactMap { r -> ResourceTime? in
            guard let id = r[F.resourceId]?.string else { return nil }
            return ResourceTime(id: id, name: r[F.resourceName]?.string ?? "", timeSpentSeconds: r[F.resourceTime]?.int ?? 0)
        }
        return LearnerActivityRecord(
            email: e[F.email]?.string, externalId: e[F.externalId]?.string, contentId: contentId,
            isCompleted: e[F.isCompleted]?.bool ?? false, completedAt: CourseraDate.parse(e[F.completedAt]),
            progressPercent: e[F.overallProgress]?.double,
            // The report gives 0–1; a value above 1 is taken as already a percentage.
            scorePercent: grade.map { $0 <= 1 ? $0 * 100 : $0 },
            lastActivityAt: CourseraDate.parse(e[F.lastActivityAt]), resources: resources)
    }

    private static func nonEmpty(_ s: String?) -> String? { (s?.trimmed.isEmpty ?? true) ? nil : s }
}
