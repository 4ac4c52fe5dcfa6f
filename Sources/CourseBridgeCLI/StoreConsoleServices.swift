import CourseBridgeConsole
import CourseBridgeCore
import CourseBridgeEngine
import CourseBridgeData
import Foundation
import Synchronization

/// `ConsoleServices` over the data-access interface and the engine: the one way the console reaches data.
/// Changes act as `actor`, so the platform's role rules apply in the console exactly as on the CLI; course edits go
/// through the engine's `PlatformEditing`. With no acting user (no platform administrator yet, no `--as`) the
/// console still opens and its operator acts, as on the CLI; only course edits, which need someone to act as, are refused.
public final class StoreConsoleServices: ConsoleServices {
    let store: any DataStore
    private let engine: SyncEngine
    private let readOnly: Bool
    private let endpoints: @Sendable (Provider) -> (apiBase: String?, tokenURL: String?)
    let now: @Sendable () -> Date
    /// Who the console acts as; nil: the database has no platform administrator yet and its operator acts (as on the CLI).
    let actor: ActingUser?
    private let latest = LatestProgress()
    private let authorEmails = Mutex<[Int64: String]>([:])
    private let subscription = Mutex<UUID?>(nil)

    /// `endpoints` gives the API base a new integration uses (the demo points it at the simulator).
    public init(store: any DataStore, engine: SyncEngine, readOnly: Bool,
                endpoints: @escaping @Sendable (Provider) -> (apiBase: String?, tokenURL: String?) = { _ in (nil, nil) },
                now: @escaping @Sendable () -> Date = { Date() }, actor: ActingUser? = nil) {
        self.store = store
        self.actor = actor
        self.engine = engine
        self.readOnly = readOnly
        self.endpoints = endpoints
        self.now = now
        let token = engine.subscribe { [latest] p in latest.table.withLock { $0[p.integrationId] = p } }
        subscription.withLock { $0 = token }
    }

    deinit {
        if let token = subscription.withLock({ $0 }) { engine.unsubscribe(token) }
    }

    /// The CLI's rule (the engine's `AdminAuthorization`) for every change to an integration; the refusal says who may.
    private func authorize(_ action: IntegrationAction, _ integrationId: Int64?) throws {
        if let refusal = AdminAuthorization.refusal(.integration(action, integrationId: integrationId), by: actor) {
            throw ConsoleRefusal(refusal)
        }
    }

    /// Secrets stay hidden from auditors (`--read-only`) and from users who may not change the integration.
    private func hidesSecrets(_ integrationId: Int64) -> Bool {
        readOnly || (try? authorize(.credentials, integrationId)) == nil
    }

    // MARK: - Reads

    public func dashboard() throws -> [IntegrationSummary] {
        let integrations = try store.integrations()
        let groups = Dictionary(try store.groups().map { ($0.id ?? 0, $0.name) }, uniquingKeysWith: { a, _ in a })
        let missing = integrations.contains { i in authorEmails.withLock { $0[i.authorUserId] == nil } }
        if missing {
            let users = try store.users()
            authorEmails.withLock { map in for u in users { if let id = u.id { map[id] = u.email } } }
        }
        let at = now()
        // Who holds each running sync: this console, or another instance on the same PostgreSQL.
        let holders = Dictionary(((try? store.syncLeases()) ?? []).map { ($0.integrationId, $0.holder) }, uniquingKeysWith: { a, _ in a })
        return try integrations.map { i in
            let id = i.id ?? 0
            let counts = try store.courseCounts(integrationId: id)
            let last = try store.runs(integrationId: id, limit: 1).first
            return IntegrationSummary(
                integration: i, groupName: groups[i.groupId] ?? "group \(i.groupId)",
                authorEmail: authorEmails.withLock { $0[i.authorUserId] } ?? "user \(i.authorUserId)",
                lastRun: last, nextRun: i.state == .active ? i.schedule.nextRun(after: at) : nil,
                activeCourses: counts.active, archivedCourses: counts.archived,
                statementsToday: try? statementsToday(integrationId: id, now: at),
                quarantined: try? store.quarantinedCount(integrationId: id), syncHolder: holders[id])
        }
    }

    public func courses(_ query: CourseListQuery) throws -> Page<Course> {
        if !query.search.isEmpty { return try searchCourses(query) }
        let rows = try store.courses(CourseQuery(integrationId: query.integrationId, limit: query.limit, offset: query.offset))
        let ids = try query.integrationId.map { [$0] } ?? store.integrations().compactMap(\.id)
        let total = try ids.reduce(0) { acc, id in
            let c = try store.courseCounts(integrationId: id)
            return acc + c.active + c.archived
        }
        return Page(offset: query.offset, rows: rows, total: total)
    }

    public func courseDetail(_ course: Course) throws -> CourseDetail {
        let id = course.id ?? 0
        let tags = try store.tags(courseId: id)
        var duplicates: [String] = []
        if let url = course.launchURL,
           let other = try store.courseId(launchURL: url, excludingProvider: course.provider, providerId: course.providerId) {
            duplicates.append("course \(other)")
        }
        return CourseDetail(course: course, syncedTags: tags.filter { $0.source == .synced }.map(\.name),
                            manualTags: tags.filter { $0.source == .manual }.map(\.name),
                            skills: (try? store.courseDetails(id: id).skills) ?? [], duplicates: duplicates)
    }

    public func runs(integrationId: Int64?) throws -> [SyncRunRecord] {
        try store.runs(integrationId: integrationId, limit: 500)
    }

    public func filterOptions(integrationId: Int64) throws -> FilterOptions {
        let integration = try store.integration(id: integrationId)
        let all = try store.courses(CourseQuery(integrationId: integrationId))
        var languages: [String: Int] = [:]
        var types: [String: Int] = [:]
        for c in all {
            for l in Set(c.languages) { languages[l, default: 0] += 1 }
            types[c.contentType, default: 0] += 1
        }
        for l in integration.languageFilter where languages[l] == nil { languages[l] = 0 }
        for t in integration.contentTypeFilter where types[t] == nil { types[t] = 0 }
        func sorted(_ d: [String: Int]) -> [FilterOption] {
            d.map { FilterOption(value: $0.key, courses: $0.value) }.sorted { ($0.courses, $1.value) > ($1.courses, $0.value) }
        }
        return FilterOptions(languages: integration.provider.supportsLanguageFilter ? sorted(languages) : [],
                             contentTypes: integration.provider.supportsContentTypeFilter ? sorted(types) : [],
                             current: CatalogFilter(languages: integration.languageFilter, contentTypes: integration.contentTypeFilter))
    }

    public func filterImpact(integrationId: Int64, filter: CatalogFilter) throws -> Int {
        try CatalogFilterSettings(store: store).impact(integrationId: integrationId, filter: filter).count
    }

    /// In read-only mode secret fields never leave the store: they come back as a placeholder.
    public func credentials(integrationId: Int64) throws -> [String: String] {
        var values = try store.credentials(integrationId: integrationId) ?? [:]
        if hidesSecrets(integrationId) {
            let integration = try store.integration(id: integrationId)
            for field in integration.provider.credentialFields where field.isSecret && values[field.key] != nil {
                values[field.key] = Self.readOnlyPlaceholder
            }
        }
        return values
    }

    static let readOnlyPlaceholder = "(hidden in read-only mode)"

    /// Read-only mode neither generates nor rotates; the secret itself is only there right after (re)generation.
    public func webhook(integrationId: Int64, rotate: Bool) throws -> WebhookInfo {
        if readOnly || (rotate ? false : hidesSecrets(integrationId)) {
            let i = try store.integration(id: integrationId)
            return WebhookInfo(clientId: i.webhookClientId ?? "(not generated yet)", clientSecret: "")
        }
        try authorize(.webhook, integrationId)
        let (creds, _) = try store.webhookCredentials(integrationId: integrationId, rotate: rotate)
        return WebhookInfo(clientId: creds.clientId, clientSecret: creds.clientSecret ?? "")
    }

    public func wizardOptions() throws -> WizardOptions {
        let groups = try store.groups()
        var ordered: [(group: Group, depth: Int)] = []
        func add(_ parent: Int64?, _ depth: Int) {
            for g in groups where g.parentId == parent {
                ordered.append((g, depth))
                add(g.id, depth + 1)
            }
        }
        add(nil, 0)
        // The engine's rule, so the wizard offers exactly the authors `createIntegration` accepts.
        let authorsByGroup = try IntegrationAuthoring(store: store).eligibleAuthors()
        var everyone: [Int64: User] = [:]
        for user in authorsByGroup.values.joined() { everyone[user.id ?? 0] = user }
        var options = WizardOptions(groups: ordered, authors: everyone.values.sorted { $0.email < $1.email }, authorsByGroup: authorsByGroup)
        for i in try store.integrations() where i.state == .active {
            options.activeProviders[i.groupId, default: []].insert(i.provider)
        }
        return options
    }

    // MARK: - Changes

    public func saveCredentials(integrationId: Int64, values: [String: String]) throws {
        try authorize(.credentials, integrationId)
        try store.setCredentials(integrationId: integrationId, values: values)
    }

    public func testConnection(integrationId: Int64) -> ConnectionOutcome {
        do {
            try authorize(.test, integrationId)
            let provider = try store.integration(id: integrationId).provider
            let result = try engine.testConnection(integrationId: integrationId)
            return ConnectionOutcome(ok: result.isOK, message: result.message(for: provider))
        } catch {
            return ConnectionOutcome(ok: false, message: "\(error)")
        }
    }

    public func setLearnerIdentification(integrationId: Int64, mode: LearnerIdentification) throws {
        try authorize(.learnerId, integrationId)
        try store.setLearnerIdentification(integrationId: integrationId, mode: mode)
    }

    public func setTagSync(integrationId: Int64, enabled: Bool) throws {
        try authorize(.tags, integrationId)
        try store.setTagSync(integrationId: integrationId, enabled: enabled) }

    public func setSchedule(integrationId: Int64, schedule: DailySchedule) throws {
        try authorize(.schedule, integrationId)
        try store.setSchedule(integrationId: integrationId, schedule: schedule)
    }

    public func setFullListingInterval(integrationId: Int64, days: Int) throws {
        try authorize(.schedule, integrationId)
        try store.setFullListingInterval(integrationId: integrationId, days: days)
    }

    public func deactivate(integrationId: Int64) throws -> Int {
        try authorize(.deactivate, integrationId)
        return try store.deactivate(integrationId: integrationId) }

    public func deleteIntegration(integrationId: Int64) throws {
        try authorize(.delete, integrationId)
        try store.deleteIntegration(id: integrationId)
    }

    public func activate(integrationId: Int64) throws {
        try authorize(.activate, integrationId)
        try store.activate(integrationId: integrationId)
    }

    public func saveFilters(integrationId: Int64, filter: CatalogFilter) throws -> Int {
        try authorize(.filters, integrationId)
        return try CatalogFilterSettings(store: store).save(integrationId: integrationId, filter: filter).count
    }

    public func createIntegration(provider: Provider, groupId: Int64, authorEmail: String) throws -> Int64 {
        try authorize(.create, nil)
        let (apiBase, tokenURL) = endpoints(provider)
        return try IntegrationAuthoring(store: store).addIntegration(provider: provider, groupId: groupId, authorEmail: authorEmail,
                                                                     apiBase: apiBase, tokenURL: tokenURL).id ?? 0
    }

    public func setSelectedPrograms(integrationId: Int64, programs: [String]) throws {
        try authorize(.programs, integrationId)
        try store.setSelectedPrograms(integrationId: integrationId, programs: programs)
    }

    public func testCandidate(provider: Provider, credentials: [String: String]) -> ConnectionOutcome {
        do { try authorize(.create, nil) } catch { return ConnectionOutcome(ok: false, message: "\(error)") }
        let (apiBase, tokenURL) = endpoints(provider)
        let result = engine.testConnection(provider: provider, apiBase: apiBase, tokenURL: tokenURL, credentials: credentials)
        return ConnectionOutcome(ok: result.isOK, message: result.message(for: provider))
    }

    // MARK: - Sync

    public func startSync(integrationId: Int64, confirmArchive: Bool) throws -> Int64 {
        try authorize(.sync, integrationId)
        return try engine.start(integrationId: integrationId, trigger: .manual, confirmArchive: confirmArchive)
    }

    public func cancelSync(integrationId: Int64) {
        guard (try? authorize(.sync, integrationId)) != nil else { return }
        engine.cancel(integrationId: integrationId)
    }

    public func drainProgress() -> [SyncProgress] {
        latest.table.withLock { table in
            defer { table.removeAll() }
            return table.values.sorted { $0.integrationId < $1.integrationId }
        }
    }
}

/// Engine events are coalesced here (newest per integration) until the console's loop drains them.
final class LatestProgress: Sendable {
    let table = Mutex<[Int64: SyncProgress]>([:])
}

/// A change the acting user may not make; says who may, and how to act as them in the console.
public struct ConsoleRefusal: Error, CustomStringConvertible {
    public let refusal: AdminRefusal
    public init(_ refusal: AdminRefusal) { self.refusal = refusal }
    public var description: String {
        refusal.description.replacingOccurrences(of: "run the command as one with --as EMAIL", with: "restart the console as one with --as EMAIL")
    }
}
