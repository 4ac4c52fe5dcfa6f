/// Every JSON name and query parameter the LinkedIn Learning client relies on (providers.md §1).
/// Names marked *assumed* there are kept here so a correction touches one file.
enum LinkedInFields {
    // MARK: - Listing
    static let assetsPath = "/learningAssets"
    static let elements = "elements"
    static let paging = "paging"
    static let pagingStart = "start"
    static let pagingTotal = "total"
    static let pagingLinks = "links"
    static let linkRel = "rel"
    static let linkHref = "href"
    static let relNext = "next"

    static func query(language: String, country: String, start: Int, count: Int) -> [(String, String)] {
        [("q", "localeAndType"), ("assetType", "COURSE"), ("sourceLocale.language", language),
         ("sourceLocale.country", country), ("expandDepth", "1"), ("includeRetired", "true"),
         ("start", String(start)), ("count", String(count))]
    }

    /// The source locales the catalog is read in: the 12 the learningAssets reference lists (no `nl_NL`).
    /// A locale the API refuses is skipped with a warning, so a stale entry here never fails a run.
    static let locales = ["de_DE", "en_US", "es_ES", "fr_FR", "in_ID", "it_IT", "ja_JP", "ko_KR", "pl_PL",
                          "pt_BR", "tr_TR", "zh_CN"]

    // MARK: - Element
    static let urn = "urn"
    static let type = "type"
    static let courseType = "COURSE"
    static let title = "title.value"
    static let description = "details.description.value"
    static let shortDescription = "details.shortDescription.value"
    static let thumbnail = "details.images.primary"
    static let contributors = "details.contributors"
    static let contributorName = "name.value"
    /// `AUTHOR` or `PUBLISHER` (Totara's LinkedIn marketplace constants); only authors become authors.
    static let contributionType = "contributionType"
    static let authorContribution = "AUTHOR"
    static let duration = "details.timeToComplete.duration"
    static let durationUnit = "details.timeToComplete.unit"
    static let level = "details.level"                      // assumed values
    static let availableLocales = "details.availableLocales"
    static let localeLanguage = "language"
    static let localeCountry = "country"
    static let lastUpdatedAt = "details.lastUpdatedAt"      // assumed name, epoch ms
    static let publishedAt = "details.publishedAt"          // epoch ms
    static let availability = "details.availability"        // assumed values
    static let retired = "RETIRED"
    static let classifications = "details.classifications"
    static let classification = "associatedClassification"
    static let classificationType = "type"
    static let classificationName = "name.value"
    static let webLaunch = "details.urls.webLaunch"
    static let ssoLaunch = "details.urls.ssoLaunch"

    /// Classification types that become synced tags; SUBJECT also fills subjects, SKILL skills.
    static let tagTypes: Set<String> = ["LIBRARY", "SUBJECT", "TOPIC"]
    static let subjectType = "SUBJECT"
    static let skillType = "SKILL"

    /// LinkedIn asset types → normalized content types (only COURSE is synchronized).
    static let contentTypes: [String: String] = ["COURSE": "course", "VIDEO": "video", "EVENT": "event", "LINK": "link",
                                                 "CUSTOM": "custom", "LEARNING_PATH": "program"]
}
