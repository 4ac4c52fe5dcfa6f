import CourseBridgeCore

/// The rows of an integration's settings screen, in order.
public enum SettingItem: Equatable, Sendable {
    case credentials, webhook, learnerId, tagSync, schedule, filters, syncNow, history, courses, deactivate

    public var label: String {
        switch self {
        case .credentials: "Provider credentials"
        case .webhook: "Webhook credentials and endpoint URLs"
        case .learnerId: "Learner identification"
        case .tagSync: "Tag synchronization"
        case .schedule: "Daily schedule"
        case .filters: "Language and content-type filters"
        case .syncNow: "Sync now"
        case .history: "Sync history"
        case .courses: "Courses"
        case .deactivate: "Deactivate integration"
        }
    }
}

public func settingItems(_ i: Integration) -> [SettingItem] {
    var items: [SettingItem] = [.credentials]
    if i.provider.pushesStatements { items.append(.webhook) }
    items += [.learnerId, .tagSync, .schedule]
    if i.provider.supportsLanguageFilter || i.provider.supportsContentTypeFilter { items.append(.filters) }
    items += [.syncNow, .history, .courses]
    if i.state == .active { items.append(.deactivate) }
    return items
}
