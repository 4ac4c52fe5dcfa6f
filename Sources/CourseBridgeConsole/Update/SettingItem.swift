import CourseBridgeCore

/// The rows of an integration's settings screen, in order.
public enum SettingItem: Equatable, Sendable {
    case credentials, webhook, learnerId, tagSync, schedule, filters, syncNow, history, courses, deactivate, activate

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
        case .activate: "Activate integration"
        }
    }
}

/// A deactivated integration offers activation first (it is what the administrator came for) and no "Sync now".
/// Read-only mode offers no action row (sync, deactivate, activate): only what can be looked at.
public func settingItems(_ i: Integration, readOnly: Bool = false) -> [SettingItem] {
    let all = allSettingItems(i)
    return readOnly ? all.filter { ![.syncNow, .deactivate, .activate].contains($0) } : all
}

private func allSettingItems(_ i: Integration) -> [SettingItem] {
    let active = i.state == .active
    var items: [SettingItem] = active ? [.credentials] : [.activate, .credentials]
    if i.provider.pushesStatements { items.append(.webhook) }
    items += [.learnerId, .tagSync, .schedule]
    if i.provider.supportsLanguageFilter || i.provider.supportsContentTypeFilter { items.append(.filters) }
    items += active ? [.syncNow, .history, .courses, .deactivate] : [.history, .courses]
    return items
}
