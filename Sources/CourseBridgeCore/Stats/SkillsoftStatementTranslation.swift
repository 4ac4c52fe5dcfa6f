import Foundation

/// providers.md §4, the one table that turns a pushed Percipio statement into the report's fields
/// (*assumed* mapping; correct it here only).
public enum SkillsoftStatementTranslation {
    // MARK: - The table

    /// Verb (last path segment of its id, any vocabulary host) → status.
    public static let statusByVerb: [String: SkillsoftStatus] = [
        "completed": .completed, "passed": .completed, "satisfied": .completed,
        "arrived": .started, "initialized": .started, "launched": .started, "experienced": .started,
        "attempted": .started, "progressed": .started,
    ]

    /// - status: Completed for completed/passed/satisfied or `result.completion: true`; Started for the
    ///   verbs above; nil otherwise (e.g. `failed`, `scored`: they still carry a score).
    /// - lastScore: `result.score.scaled × 100`, or `raw / max × 100`.
    /// - duration: `result.duration` in seconds.
    /// - completedDate: the timestamp of a completing statement.
    /// - lastAccess: the statement's timestamp (else when it was received).
    public static func activity(from statement: XAPIStatement, receivedAt: Date) -> SkillsoftActivity {
        let at = statement.timestamp ?? receivedAt
        var status = statusByVerb[statement.verb.name]
        if statement.result?.completion == true { status = .completed }
        return SkillsoftActivity(status: status, lastScore: statement.result?.score?.percent,
                                 durationSeconds: statement.result?.durationSeconds?.wholeSeconds,
                                 completedDate: status == .completed ? at : nil, lastAccess: at)
    }

    // MARK: - Object ids

    static let objectPrefix = "https://xapi.percipio.com/xapi/"

    /// `https://xapi.percipio.com/xapi/{type}/{contentUuid}` → the content UUID (the catalog's provider id).
    /// Nil for other forms (an `xapiActivityId`), which the caller looks up as such.
    public static func contentId(fromObjectId id: String) -> String? {
        guard id.lowercased().hasPrefix(objectPrefix) else { return nil }
        let parts = id.dropFirst(objectPrefix.count).split(separator: "/")
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        return String(parts[1])
    }
}
