import CourseBridgeCore
import Foundation

/// Coursera `contents` elements and enrollment report rows → normalized values.
enum CourseraMapper {
    typealias F = CourseraFields

    /// The course identity: `contentId`, else the part of `id` after `~` (`Course~abc` → `abc`).
    static func contentId(of e: CourseraElement) -> String? {
        if let id = nonEmpty(e.contentId?.string) { return id }
        guard let id = nonEmpty(e.id?.string) else { return nil }
        guard let tilde = id.firstIndex(of: "~") else { return id }
        return nonEmpty(String(id[id.index(after: tilde)...]))
    }

    /// Nil without a content id. `selected` limits the programs kept on the item (empty = all).
    static func item(from e: CourseraElement, selected: Set<String>) -> CatalogItem? {
        guard let id = contentId(of: e) else { return nil }
        let declaredType = e.contentType?.string ?? e.id?.string?.split(separator: "~").first.map(String.init)
        let typeText = declaredType ?? "Course"
        let rawType = ASCIICase.lowercased(typeText, replacing: UInt8(ascii: " "), with: nil)
            ?? typeText.lowercased().replacingOccurrences(of: " ", with: "")
        var item = CatalogItem(providerId: id, contentType: F.contentTypes[rawType] ?? rawType, title: e.name?.string ?? "")
        item.description = e.description?.string ?? ""
        item.thumbnailURL = nonEmpty(e.promoPhoto?.string) ?? nonEmpty(e.photoUrl?.string)
        item.authors = Normalize.unique(e.instructors + e.partners + e.partnerNames)
        item.durationSeconds = e.estimatedLearningTime?.double?.wholeSeconds
            ?? ValueParsing.workloadSeconds(e.workload?.string)
            ?? e.estimatedHours?.double.flatMap { ($0 * 3600).wholeSeconds }
        item.difficulty = Normalize.difficulty(e.difficultyLevel?.string)
        item.languages = e.languageCode?.string.map { [Normalize.language($0)] } ?? []
        let definitionSkills = e.definitionSkills ?? []
        item.skills = Normalize.unique(definitionSkills.isEmpty ? e.skills : definitionSkills)
        item.lastUpdatedAt = CourseraDate.parse(e.lastUpdatedAt)

        // Programs and launch URL come from the element itself: a selected program's link first.
        let links = e.programs.compactMap { p -> (String, String?)? in
            guard let pid = nonEmpty(p.programId?.string) else { return nil }
            return (pid, nonEmpty(p.contentUrl?.string))
        }
        item.programIds = Normalize.unique(links.map(\.0)).filter { selected.isEmpty || selected.contains($0) }
        item.launchURL = links.first { $0.1 != nil && (selected.isEmpty || selected.contains($0.0)) }?.1
            ?? links.first { $0.1 != nil }?.1
        return item
    }

    /// The same from a parsed element (tests, recorded traffic): read back through the page reader, so both paths
    /// follow one set of rules.
    static func item(from e: ProviderJSON, selected: Set<String>) -> CatalogItem? {
        guard let read = try? JSONScanner.read(Data(e.canonicalText.utf8), CourseraElement.read) else { return nil }
        return item(from: read, selected: selected)
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
