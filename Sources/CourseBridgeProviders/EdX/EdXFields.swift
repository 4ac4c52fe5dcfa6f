/// Every JSON name and path the edX client relies on. Sources: the edX Enterprise API reference
/// (openedx/edx-documentation `en_us/enterprise_api/source/api_reference/reference.rst`), the API
/// gateway templates (edx/api-manager `swagger/api.yaml`, openedx/enterprise-catalog `api.yaml`,
/// openedx/edx-enterprise-data `api.yaml`) and the serializers behind them. Where the evidence is thin
/// an older name is kept as a fallback next to the documented one.
enum EdXFields {
    // MARK: - Paths
    static let catalogsPath = "/enterprise/v2/enterprise-catalogs"
    static func catalogPath(_ uuid: String) -> String { "/enterprise/v2/enterprise-catalogs/\(URLBuilder.pathEscape(uuid))/" }
    static func learnerSummaryPath(_ enterprise: String) -> String {
        "/enterprise/v3/enterprise-customer/\(URLBuilder.pathEscape(enterprise))/learner-summary"
    }
    /// The gateway forwards only `page` and `page_size` (a `limit` is dropped, so the default size applies).
    static let page = "page"
    static let pageSize = "page_size"
    /// The learner summary's paginator allows up to 1000 rows a page (edx-enterprise-data `paginators.py`).
    static let learnerSummaryMaxPageSize = 1000

    // MARK: - DRF paging
    static let count = "count"
    /// Written by the gateway as a string: `""` (or null) when there is no next page.
    static let next = "next"
    static let results = "results"

    // MARK: - Catalog
    static let catalogUUID = "uuid"
    static let catalogTitle = "title"
    /// The enterprise a catalog belongs to: the key of the learner-summary path.
    static let catalogEnterprise = "enterprise_customer"

    // MARK: - Catalog content (get_content_metadata)
    // Read from the page's bytes by `EdXElement.read` (EdXPageReader.swift), which names the same keys: keep both in step.
    static let contentType = "content_type"
    static let courseType = "course"
    /// false when no run is open for enrollment; the endpoint lists active content only.
    static let active = "active"
    static let key = "key"
    static let title = "title"
    static let shortDescription = "short_description"
    static let fullDescription = "full_description"
    /// Thumbnail, first present wins.
    static let thumbnails = ["image_url", "card_image_url", "image.src"]
    static let owners = "owners"
    static let ownerName = "name"
    static let levelType = "level_type"
    static let subjects = "subjects"
    static let subjectName = "name"
    static let skills = "skill_names"
    static let modified = "modified"
    static let courseRuns = "course_runs"
    static let runLanguage = "content_language"
    static let runHours = "estimated_hours"
    static let runAvailability = "availability"
    /// Launch: the enterprise enrollment URL, else the public About page.
    static let launchURLs = ["enrollment_url", "marketing_url"]

    // MARK: - Learner summary (documented name first, older names after)
    static let emails = ["user_email", "lms_user_email"]
    static let courseKeys = ["course_key", "course_id"]
    static let courseRunKey = "courserun_key"
    static let passedFlags = ["has_passed", "is_passed"]
    static let passedDates = ["passed_date", "passed_timestamp", "completed_date"]
    static let lastActivity = "last_activity_date"
    /// `Passed`, `Failed` or `In Progress`.
    static let progressStatus = "progress_status"
    static let completedStatuses: Set<String> = ["passed", "completed"]
}
