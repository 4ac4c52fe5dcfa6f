import Foundation

/// What each status of Percipio's learning activity report means for an attempt (finding S3).
///
/// Percipio names the end of an item by its kind: a course is `Completed`, a book `Read`, an audiobook
/// `Listened`, a video `Watched`, an assessment, benchmark or badge `Achieved`. All five are completions:
/// the push feed sends the same items an ADL `completed`/`passed`/`satisfied` statement, which already
/// counts as completion (`SkillsoftStatementTranslation`). `Started` and `Active` (an item the learner is
/// working through or following, with no end yet) are in progress. Anything else (`Not Started`, an
/// unknown word) sets no progress. One table, so a correction touches one line.
public enum SkillsoftReportStatusRules {
    /// Report status, lower-cased → the status the attempt rules are written in.
    public static let table: [String: SkillsoftStatus] = [
        "completed": .completed,
        "achieved": .completed,
        "listened": .completed,
        "read": .completed,
        "watched": .completed,
        "started": .started,
        "active": .started,
    ]

    /// The status for a report's spelling, case- and space-insensitive; `.other` keeps the text.
    public static func status(forReport text: String) -> SkillsoftStatus {
        table[text.trimmed.lowercased()] ?? .other(text)
    }
}
