import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation

/// What `integration list/show` print: configuration with every secret masked.
struct IntegrationView: Encodable {
    var id: Int64
    var provider: String
    var groupId: Int64
    var authorUserId: Int64
    var state: String
    var apiBase: String
    var tokenURL: String?
    var schedule: String
    var nextRun: Date?
    /// A whole listing at least every this many days; the daily runs between read only changes.
    var fullListingEveryDays: Int
    /// Whether the provider offers a changes-only read (edX does not: every run is full).
    var incrementalListing: Bool
    var learnerIdentification: String
    var languageFilter: [String]
    var contentTypeFilter: [String]
    var tagSync: Bool
    var credentials: String
    var credentialFields: [String: String]?
    var webhookClientId: String?
    var configuredAt: Date
    var activeCourses: Int
    var archivedCourses: Int
    /// The instance ("host:pid") running its sync now, from the sync lease; nil when none runs.
    var syncRunningOn: String?

    init(_ i: Integration, store: any DataStore, detailed: Bool = false) throws {
        id = i.id ?? 0
        provider = i.provider.rawValue
        groupId = i.groupId
        authorUserId = i.authorUserId
        state = i.state.rawValue
        apiBase = i.apiBase
        tokenURL = i.tokenURL
        schedule = i.schedule.description
        nextRun = i.state == .active ? i.schedule.nextRun(after: Date()) : nil
        fullListingEveryDays = i.fullListingEveryDays
        incrementalListing = i.provider.offersChangesSince
        learnerIdentification = i.learnerIdentification.rawValue
        languageFilter = i.languageFilter
        contentTypeFilter = i.contentTypeFilter
        tagSync = i.tagSync
        credentials = i.hasCredentials ? "set" : "missing"
        if detailed, let values = try store.credentials(integrationId: id) {
            var shown: [String: String] = [:]
            for field in i.provider.credentialFields { shown[field.key] = SecretMask.mask(values[field.key], isSecret: field.isSecret) }
            credentialFields = shown
        }
        webhookClientId = i.webhookClientId
        configuredAt = i.configuredAt
        (activeCourses, archivedCourses) = try store.courseCounts(integrationId: id)
        if detailed { syncRunningOn = try store.syncLeases().first { $0.integrationId == id }?.holder }
    }

    /// Skillsoft reads its catalog from the tenant URL credential when one is given (see `CatalogSourceFactory`).
    var usesTenantURL: Bool {
        provider == Provider.skillsoft.rawValue && !(credentialFields?["tenant_url"] ?? "").isEmpty
    }

    var text: String {
        var lines = [
            "integration \(id): \(Provider(rawValue: provider)?.displayName ?? provider) on group \(groupId) (\(state))",
            "  api base:        \(apiBase)\(usesTenantURL ? "  (unused: the catalog is read from the tenant_url credential)" : "")",
            "  token url:       \(tokenURL ?? "-")",
            "  schedule:        daily at \(schedule)\(nextRun.map { ", next \(Output.date($0))" } ?? "")",
            "  full listing:    \(incrementalListing ? "every \(Plural.count(fullListingEveryDays, "day", "days")); only changes in between" : "every run (the provider has no changes-only read)")",
            "  learner id:      \(learnerIdentification)",
            "  language filter: \(languageFilter.isEmpty ? "all" : languageFilter.joined(separator: ", "))",
            "  type filter:     \(contentTypeFilter.isEmpty ? "all" : contentTypeFilter.joined(separator: ", "))",
            "  tag sync:        \(tagSync ? "on" : "off")",
            "  credentials:     \(credentials)",
        ]
        for (key, value) in (credentialFields ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append("    \(key): \(Output.inert(value))")
        }
        lines.append("  webhook client:  \(webhookClientId ?? "not generated (coursebridge integration webhook \(id))")")
        lines.append("  courses:         \(activeCourses) active, \(archivedCourses) archived")
        lines.append("  configured at:   \(Output.date(configuredAt))")
        if let holder = syncRunningOn { lines.append("  sync:            running on \(Output.inert(holder))") }
        return lines.joined(separator: "\n")
    }
}
