import CourseBridgeCore
import Foundation

/// `D`: deletes an integration that never brought anything in (the wizard's or a typo's leftover). One with courses
/// or statistics is refused here from what the dashboard read, and again by the store, which has the last word.
func askDelete(_ m: inout ConsoleModel, _ id: Int64) -> [ConsoleEffect] {
    if m.readOnly { return refuse(&m, "deleting an integration") }
    guard let s = m.summary(id) else { return [] }
    let courses = s.activeCourses + s.archivedCourses
    let statements = (s.statementsToday ?? 0) + (s.quarantined ?? 0)
    if courses > 0 || statements > 0 {
        let held = courses > 0 ? Plural.count(courses, "course") : "learner statistics"
        flash(&m, "Integration \(id) cannot be deleted: it holds \(held), which a delete would lose. "
              + (s.integration.state == .active ? "Deactivate it instead (Enter, then Deactivate integration): learner data is kept."
                                                 : "It is deactivated already: learner data is kept."), error: true)
        return []
    }
    m.overlay = .confirm(Confirm(
        title: "Delete integration \(id) (\(s.integration.provider.displayName) · \(s.groupName))?",
        lines: ["It has no course and no statistics: its settings, credentials and sync history are removed.",
                "This cannot be undone; the event log keeps its lines."],
        confirmLabel: "Delete", onConfirm: [.deleteIntegration(id)]))
    return []
}

/// The integration is gone: no screen of it stays on the stack.
func applyDeleted(_ m: inout ConsoleModel, _ id: Int64) -> [ConsoleEffect] {
    m.integrations.removeAll { $0.integration.id == id }
    m.stack = m.stack.filter { screenIntegration($0) != id }
    if m.stack.isEmpty { m.stack = [.dashboard] }
    m.lists[.dashboard] = clamped(m.lists[.dashboard] ?? ListState(), count: visibleIntegrations(m).count, height: m.listHeight)
    flash(&m, "Integration \(id) deleted.")
    return enterEffects(m, m.screen)
}

/// The integration a screen belongs to, if any.
func screenIntegration(_ s: ScreenKind) -> Int64? {
    switch s {
    case .integration(let id), .credentials(let id), .webhook(let id), .schedule(let id), .filters(let id), .sync(let id):
        return id
    case .history(let id), .courses(let id): return id
    default: return nil
    }
}
