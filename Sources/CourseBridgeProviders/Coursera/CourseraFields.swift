/// Every JSON name and path the Coursera client relies on. Sources (see Tests/Fixtures/coursera/SOURCES.md):
/// Coursera's enterprise API documentation as quoted by its clients, a mock derived from Coursera's spec,
/// and open-source clients (a Moodle plugin reading `contentId`, `extraMetadata`, epoch-ms dates).
/// Older names are kept as fallbacks after the documented ones.
enum CourseraFields {
    // MARK: - Paths
    static func organizationPath(_ org: String) -> String { "/\(URLBuilder.pathEscape(org))" }
    static func programsPath(_ org: String) -> String { "/\(URLBuilder.pathEscape(org))/programs" }
    /// Changes since a time, epoch ms (finding C6); the answer's changed contents may come as `changes[]`.
    static let modifiedSinceTimestamp = "modifiedSinceTimestamp"
    static let changes = "changes"
    static func contentsPath(_ org: String) -> String { "/\(URLBuilder.pathEscape(org))/contents" }
    static func enrollmentReportsPath(_ org: String) -> String { "/\(URLBuilder.pathEscape(org))/enrollmentReports" }
    static let start = "start"
    static let limit = "limit"
    /// Epoch milliseconds (an integer), as the spec-derived mock validates it.
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
    /// The course identity, also what enrollment reports reference.
    static let contentId = "contentId"
    /// `Course~<contentId>`: used only when `contentId` is absent.
    static let id = "id"
    static let contentType = "contentType"
    static let name = "name"
    static let description = "description"
    static let definition = "extraMetadata.definition"
    static let thumbnails = ["extraMetadata.definition.promoPhoto", "photoUrl"]
    /// Seconds.
    static let estimatedLearningTime = "extraMetadata.definition.estimatedLearningTime"
    static let definitionSkills = "extraMetadata.definition.skills"
    static let skillName = "skillName"
    static let instructors = "instructors"
    static let instructorName = "name"
    static let partners = "partners"
    static let partnerName = "name"
    static let partnerNames = "partnerNames"           // older name
    static let workload = "workload"                   // older name
    static let estimatedHours = "estimatedHours"       // older name
    static let difficultyLevel = "difficultyLevel"
    static let languageCode = "languageCode"
    static let skills = "skills"                       // older name: strings
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
    static let overallProgress = "overallProgress"
    static let isCompleted = "isCompleted"
    static let grade = "grade"                          // 0–1
    /// Epoch milliseconds; ISO 8601 strings are accepted too.
    static let lastActivityAt = "lastActivityAt"
    static let completedAt = "completedAt"
    static let resources = "resources"                  // assumed
    static let resourceId = "id"
    static let resourceName = "name"
    static let resourceTime = "timeSpentSeconds"
}
