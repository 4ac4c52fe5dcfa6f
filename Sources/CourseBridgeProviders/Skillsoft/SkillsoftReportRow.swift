import Foundation

/// One row of Percipio's learning activity report, with the fields the Skillsoft statistics
/// rules are written in (DESIGN §3): status, lastScore, duration, completedDate, lastAccess.
public struct SkillsoftReportRow: Sendable, Equatable, Codable {
    public var userId: String?
    public var emailAddress: String?
    public var userUuid: String?
    public var contentUuid: String
    public var contentId: String?
    public var contentTitle: String?
    public var contentType: String?
    public var languageCode: String?
    /// `Completed`, `Started`, … as Percipio writes it.
    public var status: String
    public var lastScore: Double?
    /// `duration`, which the report writes as a string of seconds (`"625"`).
    public var durationSeconds: Int?
    public var completedDate: Date?
    public var firstAccess: Date?
    public var lastAccess: Date?
    public var totalAccesses: Int?

    public init(userId: String? = nil, emailAddress: String?, userUuid: String? = nil, contentUuid: String,
                contentId: String? = nil, contentTitle: String? = nil, contentType: String? = nil, languageCode: String? = nil,
                status: String, lastScore: Double? = nil, durationSeconds: Int? = nil, completedDate: Date? = nil,
                firstAccess: Date? = nil, lastAccess: Date? = nil, totalAccesses: Int? = nil) {
        self.userId = userId
        self.emailAddress = emailAddress
        self.userUuid = userUuid
        self.contentUuid = contentUuid
        self.contentId = contentId
        self.contentTitle = contentTitle
        self.contentType = contentType
        self.languageCode = languageCode
        self.status = status
        self.lastScore = lastScore
        self.durationSeconds = durationSeconds
        self.completedDate = completedDate
        self.firstAccess = firstAccess
        self.lastAccess = lastAccess
        self.totalAccesses = totalAccesses
    }
}

/// Sources of Percipio's learning activity report.
public protocol SkillsoftReportSource: Sendable {
    /// Requests the report for [start, end], polls with backoff until it is ready (telling `onWait` how many
    /// seconds it has waited so far), and hands its rows over in chunks.
    func readLearningActivityReport(start: Date, end: Date, onWait: (Double) -> Void,
                                    onRows: ([SkillsoftReportRow]) throws -> Void) throws
}

extension SkillsoftReportSource {
    public func readLearningActivityReport(start: Date, end: Date, onRows: ([SkillsoftReportRow]) throws -> Void) throws {
        try readLearningActivityReport(start: start, end: end, onWait: { _ in }, onRows: onRows)
    }
}
