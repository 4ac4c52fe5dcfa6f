/// Every JSON name, header and path the Skillsoft Percipio client relies on (providers.md §4).
enum SkillsoftFields {
    // MARK: - Paths
    /// Items updated since a time, ISO 8601 (the Moodle plugin's `updatedsince` setting; finding S5).
    static let updatedSince = "updatedSince"
    static func catalogPath(_ org: String) -> String {
        "/content-discovery/v2/organizations/\(URLBuilder.pathEscape(org))/catalog-content"
    }
    static func reportRequestPath(_ org: String) -> String {
        "/reporting/v1/organizations/\(URLBuilder.pathEscape(org))/report-requests/learning-activity"
    }
    static func reportPollPath(_ org: String, _ id: String) -> String {
        "/reporting/v1/organizations/\(URLBuilder.pathEscape(org))/report-requests/\(URLBuilder.pathEscape(id))"
    }
    static let offset = "offset"
    static let max = "max"
    static let pagingRequestId = "pagingRequestId"

    // MARK: - Paging headers (looked up case-insensitively)
    static let totalCountHeader = "x-total-count"
    static let pagingRequestIdHeader = "x-paging-request-id"
    static let linkHeader = "link"
    static let relLast = "last"
    static let relNext = "next"

    // MARK: - Catalog item
    static let id = "id"
    static let localizedMetadata = "localizedMetadata"
    static let localeCode = "localeCode"
    static let title = "title"
    static let description = "description"
    static let localeCodes = "localeCodes"
    static let imageUrl = "imageUrl"
    static let by = "by"
    static let duration = "duration"
    static let expertiseLevels = "expertiseLevels"
    static let percipioType = "contentType.percipioType"
    static let lifecycleStatus = "lifecycle.status"
    static let retired = "RETIRED"
    static let lastUpdatedDate = "lifecycle.lastUpdatedDate"
    static let publishDate = "lifecycle.publishDate"
    static let areas = "associations.areas"
    static let subjects = "associations.subjects"
    static let link = "link"

    /// percipioType → normalized content type; anything else is uncategorized. *Assumed* spellings
    /// of LINKED_CONTENT and BENCHMARK.
    static let contentTypes: [String: String] = [
        "COURSE": "course", "BOOK": "book", "AUDIOBOOK": "audiobook", "CHANNEL": "channel", "JOURNEY": "journey",
        "LINKED_CONTENT": "linked-content", "ASSESSMENT": "assessment", "BENCHMARK": "benchmark",
    ]

    // MARK: - Learning activity report
    static let reportStart = "start"
    static let reportEnd = "end"
    static let reportId = "id"
    static let reportStatus = "status"
    /// A poll answers an empty body or `{"status":"PENDING"|"IN_PROGRESS"}` while the report builds, then the rows.
    static let reportFailed: Set<String> = ["FAILED", "ERROR"]
    static let userId = "userId"
    static let emailAddress = "emailAddress"
    static let userUuid = "userUuid"
    static let contentUuid = "contentUuid"
    static let contentId = "contentId"
    static let contentTitle = "contentTitle"
    static let contentType = "contentType"
    static let languageCode = "languageCode"
    static let status = "status"
    static let completedDate = "completedDate"
    static let firstAccess = "firstAccess"
    static let lastAccess = "lastAccess"
    static let durationSeconds = "duration"              // seconds, as a string
    static let estimatedDuration = "estimatedDuration"
    static let totalAccesses = "totalAccesses"
    static let lastScore = "lastScore"                   // assumed present for scored content
}
