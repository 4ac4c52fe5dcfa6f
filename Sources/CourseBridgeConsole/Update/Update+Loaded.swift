import CourseBridgeCore
import Foundation

/// Stores what the services returned and reads what is still missing.
func applyLoaded(_ m: inout ConsoleModel, _ data: Loaded) -> [ConsoleEffect] {
    switch data {
    case .dashboard(let rows):
        m.integrations = rows
    case .courses(let q, let page):
        guard q.search == (m.lists[.courses(q.integrationId)]?.filter ?? "") else { return [] }
        m.courseQuery = q
        m.courses = page
    case .courseDetail(let d):
        m.courseDetail = d
        if m.form == nil || m.form?.dirty == false {
            m.form = FormState(fields: [FormField(key: "skills", label: "Skills", value: d.skills.joined(separator: ", ")),
                                        FormField(key: "tags", label: "Manual tags", value: d.manualTags.joined(separator: ", "))])
        }
    case .runs(let runs):
        m.runs = runs
    case .stats(let q, let page):
        m.statsQuery = q
        m.stats = page
    case .quarantine(let page):
        m.quarantine = page
    case .filterOptions(let id, let options):
        m.filters = FilterEditor(integrationId: id, options: options, languages: Set(options.current.languages),
                                 contentTypes: Set(options.current.contentTypes), impact: 0)
    case .filterImpact(let id, let filter, let count):
        if m.filters?.integrationId == id, m.filters?.filter == filter { m.filters?.impact = count }
    case .credentials(let id, let values):
        guard case .credentials(id) = m.screen, var f = m.form, !f.dirty else { return [] }
        for i in f.fields.indices { f.fields[i].value = values[f.fields[i].key] ?? "" }
        m.form = f
    case .webhook(_, let info):
        m.webhook = info
    case .wizardOptions(let options):
        m.wizard?.options = options
    case .connection(let id, let outcome):
        m.testing = nil
        m.connection[id] = outcome
        if m.wizard?.integrationId == id, m.wizard?.step == .credentials { m.wizard?.step = .test }
    case .syncStarted(let id, let runId):
        flash(&m, "Sync run \(runId) of integration \(id) started.")
    case .syncRefused(let id, let reason):
        flash(&m, "Sync of integration \(id) not started: \(reason)", error: true)
        // The sync screen would wait for a run that never comes (or show an older one): leave it.
        if m.screen == .sync(id), m.stack.count > 1, m.progress[id].map({ $0.phase.isFinal }) ?? true {
            m.stack.removeLast()
            return enterEffects(m, m.screen)
        }
        return []
    case .integrationCreated(let id):
        guard var w = m.wizard else { return [] }
        w.integrationId = id
        w.step = .done
        w.cursor = 0
        m.wizard = w
        return [.loadDashboard]
    case .integrationDeleted(let id):
        return applyDeleted(&m, id)
    case .wizardTested(let outcome):
        guard var w = m.wizard, w.testing else { return [] }
        w.testing = false
        w.outcome = outcome
        m.wizard = w
    case .events(let q, let rows):
        guard q == m.eventQuery else { return [] }   // an older filter's answer
        m.events = rows
    case .intake(let rows):
        m.intake = rows
    case .exportExists(let q, let path):
        // Never replaced silently: Cancel (focused) keeps the file; e again offers another name.
        m.overlay = .confirm(Confirm(
            title: "Replace the existing file?",
            lines: ["\(path) exists already.", "Replace it with this export, or Cancel and press e to choose another name."],
            confirmLabel: "Replace", onConfirm: [.exportStats(q, path: path, overwrite: true)]))
        return []
    }
    m.list = clamped(m.list, count: rowCount(m), height: m.listHeight)
    return pageEffects(m)
}

/// Engine events: the live bar, and a reload of the dashboard when a run ends.
func applyProgress(_ m: inout ConsoleModel, _ p: SyncProgress) -> [ConsoleEffect] {
    let wasRunning = m.progress[p.integrationId].map { !$0.phase.isFinal } ?? false
    m.progress[p.integrationId] = p
    guard p.phase.isFinal, wasRunning || p.runId > 0 else { return [] }
    let c = p.counts
    switch p.phase {
    case .succeeded:
        flash(&m, "Sync of integration \(p.integrationId) done: \(c.created) created, \(c.updated) updated, \(c.archived) archived, \(c.ignored) ignored.")
    case .held:
        flash(&m, "Sync of integration \(p.integrationId) held: \(heldCountText(p)) would be archived. Press A on the sync screen to confirm.", error: true)
    case .cancelled:
        flash(&m, "Sync of integration \(p.integrationId) cancelled; nothing was archived.")
    default:
        flash(&m, "Sync of integration \(p.integrationId) failed: \(p.message ?? "see the sync history")", error: true)
    }
    return [.loadDashboard]
}

/// "2306 courses": what a held run would archive, from the guard's own number (never the run's archived count,
/// which stays 0 because nothing was archived).
func heldCountText(_ p: SyncProgress) -> String {
    guard let n = p.heldArchive?.courses else { return "an unusual share of the courses" }
    return "\(Plural.count(n, "course"))"
}
