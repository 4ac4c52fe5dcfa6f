/// Every JSON name and path the edX client relies on (providers.md §3).
enum EdXFields {
    // MARK: - Paths
    static let catalogsPath = "/enterprise/v2/enterprise-catalogs"
    static func catalogPath(_ uuid: String) -> String { "/enterprise/v2/enterprise-catalogs/\(URLBuilder.pathEscape(uuid))/" }
    static func learnerProgressPath(_ enterprise: String) -> String {      // assumed path
        "/enterprise/v1/enterprise-customer/\(URLBuilder.pathEscape(enterprise))/learner-progress"
    }
    static let limit = "limit"
    static let page = "page"
    static let modifiedAfter = "modified_after"

    // MARK: - DRF paging
    static let count = "count"
    static let next = "next"
    static let results = "results"

    // MARK: - Catalog
    static let catalogUUID = "uuid"
    static let catalogTitle = "title"
    /// The enterprise a catalog belongs to: the key of the learner-progress path (assumed name).
    static let catalogEnterprise = "enterprise_customer"

    // MARK: - Catalog content
    static let contentType = "content_type"
    static let courseType = "course"
    static let key = "key"
    static let title = "title"
    static let shortDescription = "short_description"
    static let fullDescription = "full_description"
    static let imageSrc = "image.src"
    static let owners = "owners"
    static let ownerName = "name"
    static let levelType = "level_type"
    static let subjects = "subjects"
    static let subjectName = "name"
    static let skills = "skill_names"                    // assumed
    static let modified = "modified"
    static let courseRuns = "course_runs"
    static let runLanguage = "content_language"
    static let runHours = "estimated_hours"
    static let runAvailability = "availability"
    static let marketingURL = "marketing_url"

    // MARK: - Learner progress
    static let email = "lms_user_email"
    static let courseKey = "course_key"
    static let isPassed = "is_passed"
    static let completedDate = "completed_date"
    static let lastActivity = "last_activity_date"
    static let progressStatus = "progress_status"
    static let completedStatuses: Set<String> = ["completed", "passed"]
}
