import CourseBridgeCore
import Foundation

/// Actions that belong to one screen.
func performScreenAction(_ m: inout ConsoleModel, _ action: Action) -> [ConsoleEffect] {
    switch (m.screen, action) {
    // MARK: Dashboard
    case (.dashboard, .open):
        guard let id = selectedIntegrationId(m) else { return [] }
        return push(&m, .integration(id))
    case (.dashboard, .syncNow), (.integration, .syncNow):
        guard let id = selectedIntegrationId(m) else { return [] }
        return startSyncScreen(&m, id)
    case (.dashboard, .addIntegration): return openWizard(&m)
    case (.dashboard, .courses): return push(&m, .courses(selectedIntegrationId(m)))
    case (.dashboard, .history): return push(&m, .history(selectedIntegrationId(m)))
    case (.dashboard, .deleteIntegration), (.integration, .deleteIntegration):
        guard let id = selectedIntegrationId(m) else { return [] }
        return askDelete(&m, id)
    case (_, .copy): return copyAction(&m, clientId: false)
    case (_, .copyClientId): return copyAction(&m, clientId: true)
    case (_, .stats): return push(&m, .stats)
    case (_, .quarantine): return push(&m, .quarantine)

    // MARK: Settings
    case (.integration(let id), .open):
        guard let s = m.summary(id) else { return [] }
        let items = settingItems(s.integration, readOnly: m.readOnly)
        guard items.indices.contains(m.list.selected) else { return [] }
        return openSetting(&m, items[m.list.selected], s)

    // MARK: Credentials, schedule, course edits
    case (.credentials(let id), .save): return saveCredentials(&m, id, test: false)
    case (.credentials(let id), .testConnection):
        if m.readOnly {
            m.testing = id
            return [.testConnection(id)]
        }
        return saveCredentials(&m, id, test: true)
    case (.credentials, .reveal), (.courseDetail, .reveal):
        m.form?.revealed.toggle()
        return []
    case (.schedule(let id), .save):
        guard let values = m.form?.values else { return [] }
        do {
            let schedule = try DailySchedule(time: values["time"] ?? "", timeZone: values["tz"] ?? "")
            guard let text = values["fullEvery"] else { return [.setSchedule(id, schedule)] }
            guard let days = Int(text.trimmed), days >= 1 else {
                flash(&m, "Full listing every: enter a number of days, 1 or more (7 reads the whole catalog weekly).", error: true)
                return []
            }
            return [.setSchedule(id, schedule), .setFullListingInterval(id, days)]
        } catch {
            flash(&m, "\(error)", error: true)
            return []
        }
    case (.courseDetail(let id), .save):
        guard let values = m.form?.values else { return [] }
        func list(_ s: String?) -> [String] {
            (s ?? "").split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty }
        }
        return [.saveCourseEdits(courseId: id, skills: list(values["skills"]), manualTags: list(values["tags"]))]
    case (_, .nextField), (_, .prevField):
        guard var f = m.form, !f.fields.isEmpty else { return [] }
        f.focus = (f.focus + (action == .nextField ? 1 : f.fields.count - 1)) % f.fields.count
        m.form = f
        return []

    // MARK: Webhook
    case (.webhook, .reveal):
        m.revealSecret.toggle()
        return []
    case (.webhook(let id), .rotate):
        m.overlay = .confirm(Confirm(
            title: "Rotate the webhook client secret?",
            lines: ["A new secret is generated and the current one stops working at once:",
                    "tokens issued with it are revoked, and the provider cannot push statements",
                    "until you paste the new secret in its settings."],
            confirmLabel: "Rotate", onConfirm: [.rotateWebhookSecret(id)]))
        return []
    case (.webhook(let id), .cycleMode):
        guard let s = m.summary(id) else { return [] }
        let all = LearnerIdentification.allCases
        let next = all[(all.firstIndex(of: s.integration.learnerIdentification).map { $0 + 1 } ?? 0) % all.count]
        return [.setLearnerIdentification(id, next)]

    // MARK: Filters
    case (.filters, .toggle):
        guard var f = m.filters else { return [] }
        let langs = f.options.languages.count
        if f.cursor < langs {
            let v = f.options.languages[f.cursor].value
            if f.languages.contains(v) { f.languages.remove(v) } else { f.languages.insert(v) }
        } else if f.cursor - langs < f.options.contentTypes.count {
            let v = f.options.contentTypes[f.cursor - langs].value
            if f.contentTypes.contains(v) { f.contentTypes.remove(v) } else { f.contentTypes.insert(v) }
        }
        f.impact = nil
        m.filters = f
        return [.previewFilter(f.integrationId, f.filter)]
    case (.filters(let id), .save):
        guard let f = m.filters else { return [] }
        guard let impact = f.impact else {
            flash(&m, "Counting the courses this filter would archive… press Enter again in a moment.")
            return [.previewFilter(id, f.filter)]
        }
        if impact == 0 { return [.saveFilters(id, f.filter)] }
        m.overlay = .confirm(Confirm(
            title: "Archive \(Plural.count(impact, "course"))?",
            lines: ["Saving these filters archives at once the \(Plural.count(impact, "active course")) that no longer match.",
                    "Learners lose access to archived courses; their statistics are kept.",
                    "Courses that match again are restored by the next sync."],
            confirmLabel: "Save and archive", onConfirm: [.saveFilters(id, f.filter)]))
        return []

    // MARK: Sync
    case (.sync(let id), .syncNow):
        if let p = m.progress[id], !p.phase.isFinal {
            flash(&m, "A sync of integration \(id) is already running.")
            return []
        }
        if let refusal = syncRefusal(m, id) {
            flash(&m, refusal, error: true)
            return []
        }
        return [.startSync(id, confirmArchive: false)]
    case (.sync(let id), .cancelSync):
        guard let p = m.progress[id], !p.phase.isFinal else {
            flash(&m, "No sync of integration \(id) is running.")
            return []
        }
        return [.cancelSync(id)]
    case (.sync(let id), .confirmArchive):
        guard let p = m.progress[id], p.phase == .held else {
            flash(&m, "Nothing to confirm: the last run was not held by the mass-archive guard.")
            return []
        }
        m.overlay = .confirm(Confirm(
            title: "Archive \(heldCountText(p))?",
            lines: (p.heldArchive.map { ["The last run would archive \($0.shareText),", "more than the \($0.thresholdText) the guard allows."] }
                        ?? ["The last run would archive more courses than the guard allows."])
                + ["Confirming runs the sync again and archives them; learner data is kept."],
            confirmLabel: "Sync and archive", onConfirm: [.startSync(id, confirmArchive: true)]))
        return []
    case (.sync(let id), .history): return push(&m, .history(id))

    // MARK: History, courses
    case (.history, .failedOnly):
        m.failedRunsOnly.toggle()
        m.list = ListState()
        return []
    case (.history, .open):
        let runs = visibleRuns(m)
        guard runs.indices.contains(m.list.selected) else { return [] }
        return push(&m, .runDetail(runs[m.list.selected].id))
    case (.courses, .open):
        guard let c = m.courses.row(at: m.list.selected), let id = c.id else { return [] }
        m.courseDetail = nil
        m.form = nil
        return push(&m, .courseDetail(id))

    // MARK: Statistics
    case (.stats, .switchView):
        m.statsQuery.view = m.statsQuery.view == .perLearner ? .perCourse : .perLearner
        m.lists[.stats] = ListState()
        return enterEffects(m, .stats)
    case (.stats, .sortNext):
        let all = StatsColumn.allCases
        m.statsQuery.sort = all[((all.firstIndex(of: m.statsQuery.sort) ?? 0) + 1) % all.count]
        return enterEffects(m, .stats)
    case (.stats, .sortReverse):
        m.statsQuery.descending.toggle()
        return enterEffects(m, .stats)
    case (.stats, .export):
        let search = (m.lists[.stats]?.filter ?? "").trimmed
        let note = search.isEmpty ? "All \(Plural.count(m.stats.total, "row")) of this view are written."
            : "Only the \(Plural.count(m.stats.total, "row")) matching '\(search)' are written (Esc, then Esc clears the filter)."
        m.overlay = .prompt(Prompt(label: "Export CSV to", value: exportPath(m, "learner-statistics.csv"), purpose: .exportStats, note: note))
        return []

    // MARK: Quarantine
    case (.quarantine, .replay):
        guard let row = m.quarantine.row(at: m.list.selected) else { return [] }
        return [.replay([row.statementId])]
    case (.quarantine, .replayAll):
        guard m.quarantine.total > 0 else { return [] }
        return [.replay(nil)]

    default:
        return []
    }
}

func selectedIntegrationId(_ m: ConsoleModel) -> Int64? {
    switch m.screen {
    case .integration(let id), .sync(let id): return id
    default:
        let rows = visibleIntegrations(m)
        return rows.indices.contains(m.lists[.dashboard]?.selected ?? 0) ? rows[m.lists[.dashboard]?.selected ?? 0].integration.id : nil
    }
}

func openSetting(_ m: inout ConsoleModel, _ item: SettingItem, _ s: IntegrationSummary) -> [ConsoleEffect] {
    let i = s.integration
    let id = i.id ?? 0
    switch item {
    case .credentials:
        m.form = FormState(fields: i.provider.credentialFields.map { FormField(key: $0.key, label: $0.label, isSecret: $0.isSecret) })
        return push(&m, .credentials(id))
    case .webhook:
        m.webhook = nil
        m.revealSecret = false
        return push(&m, .webhook(id))
    case .learnerId:
        if m.readOnly { return refuse(&m, "changing the learner identification") }
        let all = LearnerIdentification.allCases
        let next = all[((all.firstIndex(of: i.learnerIdentification) ?? 0) + 1) % all.count]
        return [.setLearnerIdentification(id, next)]
    case .tagSync:
        if m.readOnly { return refuse(&m, "changing tag synchronization") }
        if i.tagSync {
            m.overlay = .confirm(Confirm(
                title: "Turn tag synchronization off?",
                lines: ["Tags that came from \(i.provider.displayName) are removed from its courses at the next sync.",
                        "Manual tags added on the platform are kept."],
                confirmLabel: "Turn off", onConfirm: [.setTagSync(id, false)]))
            return []
        }
        return [.setTagSync(id, true)]
    case .schedule:
        var fields = [FormField(key: "time", label: "Time (HH:MM)", value: i.schedule.time),
                      FormField(key: "tz", label: "Time zone (IANA)", value: i.schedule.timeZone)]
        // Providers with a changes-only read: how often a whole listing is read anyway (edX reads it every run).
        if i.provider.offersChangesSince {
            fields.append(FormField(key: "fullEvery", label: "Full listing (days)", value: String(i.fullListingEveryDays)))
        }
        m.form = FormState(fields: fields)
        return push(&m, .schedule(id))
    case .filters:
        m.filters = nil
        return push(&m, .filters(id))
    case .syncNow: return startSyncScreen(&m, id)
    case .history: return push(&m, .history(id))
    case .courses: return push(&m, .courses(id))
    case .deactivate:
        if m.readOnly { return refuse(&m, "deactivation") }
        m.overlay = .confirm(Confirm(
            title: "Deactivate integration \(id) (\(i.provider.displayName))?",
            lines: ["Synchronization stops and ALL \(Plural.count(s.activeCourses, "active course")) of this integration are archived.",
                    "Learner data (attempts, statistics, statements) is kept."],
            confirmLabel: "Deactivate", onConfirm: [.deactivate(id)]))
        return []
    case .activate:
        if m.readOnly { return refuse(&m, "activation") }
        return [.activate(id)]
    }
}

func saveCredentials(_ m: inout ConsoleModel, _ id: Int64, test: Bool) -> [ConsoleEffect] {
    guard let f = m.form else { return [] }
    if let empty = f.fields.first(where: { $0.value.trimmed.isEmpty }) {
        flash(&m, "\(empty.label) is empty: fill every field, then press Enter.", error: true)
        return []
    }
    if test { m.testing = id }
    m.connection[id] = nil
    m.form?.dirty = false
    return [.saveCredentials(id, f.values, thenTest: test)]
}
