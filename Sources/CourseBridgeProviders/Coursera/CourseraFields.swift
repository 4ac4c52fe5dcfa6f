/// Every JSON name and path the Coursera client relies on (providers.md §2); most catalog
/// names are *assumed* there, so they live only here.
enum CourseraFields {
    // MARK: - Paths
    static func organizationPath(_ org: String) -> String { "/\(URLBuilder.pathEscape(org))" }
    static func programsPath(_ org: String) -> String { "/\(URLBuilder.pathEscape(org))/programs" }
    static func contentsPath(_ org: String) -> String { "/\(URLBuilder.pathEscape(org))/contents" }
    static func enrollmentReportsPath(_ org: String) -> String { "/\(URLBuilder.pathEscape(org))/enrollmentReports" }
    static let start = "start"
    static let limit = "limit"
    static let programIdParam = "programId"
    static let lastActivityAfter = "lastActivityAfter"

    // MARK: - Paging
    static let elements = "elements"
    static let paging = "paging"
    static let next = "next"
    static let total = "total"

    // MARK: - Program
    static let programId = "id"
    static let programName = "name"
    static let programSlug = "slug"

    // MARK: - Content
    static let id = "id"
    static let contentType = "contentType"
    static let name = "name"
    static let description = "description"
    static let photoUrl = "photoUrl"
    static let instructors = "instructors"
    static let instructorName = "name"
    static let partnerNames = "partnerNames"
    static let workload = "workload"
    static let estimatedHours = "estimatedHours"
    static let difficultyLevel = "difficultyLevel"
    static let languageCode = "languageCode"
    static let skills = "skills"
    static let lastUpdatedAt = "lastUpdatedAt"
    static let programs = "programs"
    static let programsProgramId = "programId"
    static let programsContentUrl = "contentUrl"

    /// Coursera content types → normalized content types (only Course is synchronized).
    static let contentTypes: [String: String] = ["course": "course", "specialization": "specialization",
                                                 "professionalcertificate": "program", "guidedproject": "course"]

    // MARK: - Enrollment report
    static let email = "email"
    static let externalId = "externalId"
    static let contentId = "contentId"
    static let overallProgress = "overallProgress"
    static let isCompleted = "isCompleted"
    static let grade = "grade"                          // 0–1
    static let lastActivityAt = "lastActivityAt"
    static let completedAt = "completedAt"
    static let resources = "resources"                  // assumed
    static let resourceId = "id"
    static let resourceName = "name"
    static let resourceTime = "timeSpentSeconds"
}
