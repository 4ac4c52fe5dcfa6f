import CourseBridgeCore
import Foundation

// MARK: - Rows of each list

/// Dashboard rows after the `/` filter (matches id, provider, group, state).
func visibleIntegrations(_ m: ConsoleModel) -> [IntegrationSummary] {
    let f = (m.lists[.dashboard]?.filter ?? "").lowercased()
    guard !f.isEmpty else { return m.integrations }
    return m.integrations.filter { s in
        let hay = "\(s.integration.id ?? 0) \(s.integration.provider.displayName) \(s.groupName) \(s.integration.state.rawValue)".lowercased()
        return hay.contains(f)
    }
}

func visibleRuns(_ m: ConsoleModel) -> [SyncRunRecord] {
    let f = (m.list.filter).lowercased()
    let runs = m.failedRunsOnly ? m.runs.filter(isFailedRun) : m.runs
    guard !f.isEmpty else { return runs }
    return runs.filter { "\($0.id) \($0.outcome.rawValue) \($0.trigger.rawValue) \($0.reason ?? "")".lowercased().contains(f) }
}

/// What the history's failed-only view (f) keeps and its "with errors" count counts: failed runs and runs with
/// errors. Warnings alone (items skipped by a sync that succeeded) are counted apart, as the CLI does.
func isFailedRun(_ r: SyncRunRecord) -> Bool { r.outcome == .failed || r.errors.contains { $0.kind == .error } }

func rowCount(_ m: ConsoleModel) -> Int {
    switch m.screen {
    case .dashboard: return visibleIntegrations(m).count
    case .integration(let id): return m.summary(id).map { settingItems($0.integration, readOnly: m.readOnly).count } ?? 0
    case .history: return visibleRuns(m).count
    case .courses: return m.courses.total
    case .stats: return m.stats.total
    case .quarantine: return m.quarantine.total
    case .events: return m.events.count
    case .filters: return m.filters.map { $0.options.languages.count + $0.options.contentTypes.count } ?? 0
    default: return 0
    }
}

// MARK: - Moving

func clamped(_ l: ListState, count: Int, height: Int) -> ListState {
    var l = l
    l.selected = max(0, min(l.selected, count - 1))
    if l.selected < l.top { l.top = l.selected }
    if l.selected >= l.top + height { l.top = l.selected - height + 1 }
    l.top = max(0, min(l.top, max(0, count - height)))
    return l
}

func move(_ m: inout ConsoleModel, by delta: Int) -> [ConsoleEffect] {
    if case .runDetail = m.screen {
        // A text view: the keys scroll it, there is no row to select.
        let last = max(0, RunDetail.lineCount(m) - RunDetail.visibleRows(m))
        let top = m.list.top.addingReportingOverflow(delta)
        m.list.top = top.overflow ? (delta > 0 ? last : 0) : max(0, min(last, top.partialValue))
        return []
    }
    if case .filters = m.screen, var f = m.filters {
        let count = f.options.languages.count + f.options.contentTypes.count
        f.cursor = max(0, min(count - 1, f.cursor + delta))
        m.filters = f
    }
    var l = m.list
    l.selected = l.selected.addingReportingOverflow(delta).overflow ? (delta > 0 ? Int.max / 2 : 0) : l.selected + delta
    m.list = clamped(l, count: rowCount(m), height: m.listHeight)
    return pageEffects(m)
}

/// Reads the page around the visible rows when they are not in memory: a 100,000-row list reads ~3 screens.
func pageEffects(_ m: ConsoleModel) -> [ConsoleEffect] {
    let l = m.list
    let h = m.listHeight
    func missing<R>(_ page: Page<R>) -> Bool {
        guard page.total > 0 else { return false }
        let end = min(page.total, l.top + h)
        return l.top < page.offset || end > page.offset + page.rows.count
    }
    let offset = max(0, l.top - h)
    switch m.screen {
    case .courses(let id):
        guard missing(m.courses) else { return [] }
        let q = CourseListQuery(integrationId: id, search: l.filter, offset: offset, limit: h * 3)
        return q == m.courseQuery ? [] : [.loadCourses(q)]
    case .stats:
        guard missing(m.stats) else { return [] }
        var q = m.statsQuery
        q.offset = offset
        q.limit = h * 3
        return q == m.statsQuery ? [] : [.loadStats(q)]
    case .quarantine:
        guard missing(m.quarantine) else { return [] }
        return [.loadQuarantine(search: l.filter, offset: offset, limit: h * 3)]
    default:
        return []
    }
}

// MARK: - `/` filter

func handleFilterTyping(_ m: inout ConsoleModel, _ key: Key) -> [ConsoleEffect] {
    var l = m.list
    switch key {
    case .esc:
        l.filtering = false
        l.filter = ""
        l.filterCursor = nil
    case .enter, .down, .up:
        l.filtering = false
    default:
        let before = l.filter
        guard TextEditing.apply(key, to: &l.filter, cursor: &l.filterCursor) else { return [] }
        // Moving the cursor changes no row: keep the selection and read nothing.
        if l.filter == before {
            m.list = l
            return []
        }
    }
    l.selected = 0
    l.top = 0
    m.list = l
    return reloadForFilter(m)
}

/// Long lists filter in the store; short ones in memory.
func reloadForFilter(_ m: ConsoleModel) -> [ConsoleEffect] {
    switch m.screen {
    case .courses, .stats, .quarantine, .events:
        return enterEffects(m, m.screen)
    default:
        return []
    }
}
