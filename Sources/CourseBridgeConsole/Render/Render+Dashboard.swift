import CourseBridgeCore
import Foundation

func renderDashboard(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    let rows = visibleIntegrations(m)
    let running = m.runningSyncs.count
    buf.put("\(Plural.count(m.integrations.count, "integration"))\(running > 0 ? " · \(running) syncing" : "")",
            x: 1, y: 1, style: .dim)
    let l = m.lists[.dashboard] ?? ListState()
    let columns = [Column("ID", 3, right: true, sortDescending: false), Column("Provider", 10), Column("Group", 10), Column("State", 11),
                   Column("Last run", 16), Column("Next run", 9), Column("Courses", 11, right: true)]
    buf.table(y: 2, height: m.listHeight, columns: columns, flex: 2, count: rows.count, top: l.top, selected: l.selected,
              cells: { i in
                  let s = rows[i]
                  let id = s.integration.id ?? 0
                  return ["\(id)", Format.shortName(s.integration.provider), s.groupName, stateText(m, s),
                          lastRunText(m, s), s.integration.state == .active ? Format.until(s.nextRun, now: m.now) : "—",
                          "\(s.activeCourses)/\(s.archivedCourses)"]
              }, style: { i in StateStyle.integration(rows[i]) })
    if rows.isEmpty && m.integrations.isEmpty {
        buf.put(m.readOnly ? "No integration yet." : "No integration yet: press a to connect a group to a provider.", x: 2, y: 4, style: .accent)
    }
    let bottom = buf.height - 11 - FooterLayout.extraRows(m)
    IntakePanel.renderPanel(m, y: bottom - IntakePanel.height(m), into: &buf)
    guard rows.indices.contains(l.selected) else { return }
    renderSummaryPanel(m, rows[l.selected], y: bottom, into: &buf)
}

func stateText(_ m: ConsoleModel, _ s: IntegrationSummary) -> String {
    if let p = m.progress[s.integration.id ?? 0], !p.phase.isFinal { return "syncing" }
    if s.integration.state == .deactivated { return "deactivated" }
    return s.integration.hasCredentials ? "active" : "no creds"
}

func lastRunText(_ m: ConsoleModel, _ s: IntegrationSummary) -> String {
    if let p = m.progress[s.integration.id ?? 0], !p.phase.isFinal {
        return p.fraction.map { "running \(Int(($0 * 100).rounded()))%" } ?? "running"
    }
    if let holder = s.syncHolder { return "running on \(holder)" }
    guard let r = s.lastRun else { return "never" }
    return "\(r.outcome == .succeeded ? "ok" : r.outcome.rawValue) \(Format.ago(r.endedAt ?? r.startedAt, now: m.now))"
}

/// Everything about the selected integration, including its live sync.
func renderSummaryPanel(_ m: ConsoleModel, _ s: IntegrationSummary, y: Int, into buf: inout ScreenBuffer) {
    let i = s.integration
    let id = i.id ?? 0
    buf.box(x: 0, y: y, width: buf.width, height: 9, title: "\(id) · \(i.provider.displayName) · \(s.groupName)")
    var yy = y + 1
    let tz = i.schedule.description
    let state = i.state == .deactivated ? (m.readOnly ? "deactivated" : "deactivated (Enter, then Activate integration, resumes it)") : stateText(m, s)
    yy = buf.field("State", "\(state)   author \(s.authorEmail)", x: 2, y: yy, labelWidth: 12, right: buf.width - 2,
                   style: StateStyle.integration(s) == .deactivated || StateStyle.integration(s) == .noCredentials ? StateStyle.integration(s) : .normal)
    yy = buf.field("Schedule", "daily \(tz), next \(i.state == .active ? Format.until(s.nextRun, now: m.now) : "— (deactivated)")",
                   x: 2, y: yy, labelWidth: 12, right: buf.width - 2)
    if let r = s.lastRun {
        let on = r.outcome == .running ? s.syncHolder.map { " on \($0)" } ?? "" : ""
        yy = buf.field("Last run", "#\(r.id) \(r.outcome.rawValue)\(on) \(Format.ago(r.endedAt ?? r.startedAt, now: m.now)): \(Format.counts(r.counts))",
                       x: 2, y: yy, labelWidth: 12, right: buf.width - 2, style: r.outcome == .running ? .normal : StateStyle.run(r.outcome))
    } else {
        yy = buf.field("Last run", "never synchronized", x: 2, y: yy, labelWidth: 12, right: buf.width - 2)
    }
    yy = buf.field("Courses", "\(s.activeCourses) active, \(s.archivedCourses) archived", x: 2, y: yy, labelWidth: 12, right: buf.width - 2)
    let today = s.statementsToday.map(String.init) ?? "—"
    let quarantined = s.quarantined.map(String.init) ?? "—"
    yy = buf.field("Statements", "\(today) today · quarantine \(quarantined)\(i.provider.pushesStatements ? " (pushed by xAPI)" : " (pulled daily)")",
                   x: 2, y: yy, labelWidth: 12, right: buf.width - 2, style: (s.quarantined ?? 0) > 0 ? .warning : .normal)
    if let p = m.progress[id] {
        buf.put("Sync".padded(to: 12), x: 2, y: yy, style: .dim)
        let pct = p.fraction.map { "\(String(Int(($0 * 100).rounded())).padded(to: 3, right: true))%" } ?? "    "
        buf.bar(p.fraction ?? (p.phase.isFinal ? 0 : nil), x: 14, y: yy, width: 20, tick: m.tick)
        buf.put("\(pct) \(Format.progressLine(p))", x: 35, y: yy, style: p.phase.isFinal ? StateStyle.phase(p.phase) : .normal, maxWidth: buf.width - 37)
        yy += 1
        buf.put(Format.counts(p.counts), x: 14, y: yy, style: .dim, maxWidth: buf.width - 16)
    }
}
