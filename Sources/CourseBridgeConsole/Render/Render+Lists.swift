import CourseBridgeCore
import Foundation

func renderCourses(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    let page = m.courses
    buf.put("\(Plural.count(page.total, "course"))\(m.list.filter.isEmpty ? "" : " matching '\(m.list.filter)', best matches first") · synchronized courses are read-only except skills and manual tags",
            x: 1, y: 1, style: .dim, maxWidth: buf.width - 2)
    let l = m.list
    // By id; a search ranks by relevance instead, so no column carries the marker then.
    let columns = [Column("ID", 6, right: true, sortDescending: m.list.filter.isEmpty ? false : nil), Column("Provider", 9), Column("Title", 20), Column("Lang", 8),
                   Column("Type", 10), Column("Status", 8)]
    buf.table(y: 2, height: m.listHeight, columns: columns, flex: 2, count: page.total, top: l.top, selected: l.selected,
              cells: { i in
                  guard let c = page.row(at: i) else { return nil }
                  return ["\(c.id ?? 0)", Format.shortName(c.provider), c.title, c.languages.joined(separator: ","), c.contentType,
                          c.status.rawValue]
              }, style: { i in page.row(at: i)?.status == .archived ? .dim : .normal })
}

func renderCourseDetail(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    guard let d = m.courseDetail else {
        buf.put("Loading…", x: 2, y: 2, style: .dim)
        return
    }
    let c = d.course
    var y = 1
    if !d.duplicates.isEmpty {
        buf.put("⚠ Possible duplicate: same launch URL as \(d.duplicates.joined(separator: ", "))", x: 1, y: y, style: .warning, maxWidth: buf.width - 2)
    }
    y = 2
    y = buf.field("Title", c.title, x: 2, y: y, locked: true)
    y = buf.field("Description", c.description.replacingOccurrences(of: "\n", with: " "), x: 2, y: y, locked: true)
    y = buf.field("Provider / id", "\(c.provider.displayName) · \(c.providerId)", x: 2, y: y, locked: true)
    y = buf.field("Authors", c.authors.joined(separator: ", "), x: 2, y: y, locked: true)
    y = buf.field("Languages", c.languages.joined(separator: ", "), x: 2, y: y, locked: true)
    y = buf.field("Type / duration", "\(c.contentType) · \(Format.duration(c.durationSeconds.map(Double.init)))", x: 2, y: y, locked: true)
    y = buf.field("Status", c.status.rawValue, x: 2, y: y, style: c.status == .active ? .ok : .warning)
    y = buf.field("Synced tags", d.syncedTags.isEmpty ? "—" : d.syncedTags.joined(separator: ", "), x: 2, y: y, locked: true)
    y += 1
    buf.put(m.readOnly ? "Skills and manual tags (read-only):" : "Editable (comma-separated):", x: 2, y: y, style: .header)
    if let form = m.form { renderForm(form, readOnly: m.readOnly, y: y + 2, into: &buf) }
}

func renderStats(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    let q = m.statsQuery
    let page = m.stats
    buf.put("\(q.view.rawValue) · \(Plural.count(page.total, "row")) · sorted by \(q.sort.rawValue) \(q.descending ? "▼" : "▲") (o next column, O reverses)",
            x: 1, y: 1, style: .dim, maxWidth: buf.width - 2)
    let l = m.list
    // Below 110 columns the result and attempts go and the rest narrows, so the second column keeps ~16 cells
    // instead of collapsing to "Str…".
    let narrow = buf.width < 110
    let first = Column(q.view == .perLearner ? "Learner" : "Course", narrow ? 18 : 24)
    var columns = [first, Column(q.view == .perLearner ? "Course" : "Learners", 10), Column("Prog", 4, right: true),
                   Column("Score", 5, right: true), Column("Time", 7, right: true), Column("Completion", 11), Column("Result", 7),
                   Column(narrow ? "Last (UTC)" : "Last activity", narrow ? 11 : 16), Column("Att", 3, right: true)]
    let keep = narrow ? [0, 1, 2, 3, 4, 5, 7] : Array(columns.indices)
    if let sorted = statsColumnIndex(q) { columns[sorted].sortDescending = q.descending }
    columns = keep.map { columns[$0] }
    buf.table(y: 2, height: m.listHeight, columns: columns, flex: 1, count: page.total, top: l.top, selected: l.selected,
              cells: { i in
                  guard let r = page.row(at: i) else { return nil }
                  let last = Format.timestamp(r.lastActivity)
                  let all = [q.view == .perLearner ? r.learner : r.course, q.view == .perLearner ? r.course : r.learner,
                             "\(Int(r.progress.rounded()))%", r.score.map { "\(Int($0.rounded()))%" } ?? "—",
                             Format.duration(Double(r.timeSpentSeconds)), r.completion, r.result ?? "—",
                             narrow && last.count == 16 ? String(last.dropFirst(5)) : last, "\(r.attempts)"]
                  return keep.map { all[$0] }
              })
}

func renderQuarantine(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    let page = m.quarantine
    buf.put("\(Plural.count(page.total, "statement")) kept in quarantine\(m.readOnly ? "" : ": replay after the user or course exists")",
            x: 1, y: 1, style: page.total > 0 ? .warning : .dim)
    let l = m.list
    let columns = [Column("Int", 3, right: true), Column("Received (UTC)", 16, sortDescending: true), Column("Actor", 18), Column("Object", 14),
                   Column("Reason", 10)]
    buf.table(y: 2, height: m.listHeight, columns: columns, flex: 4, count: page.total, top: l.top, selected: l.selected,
              cells: { i in
                  guard let r = page.row(at: i) else { return nil }
                  return ["\(r.integrationId)", Format.timestamp(r.receivedAt), r.actor, r.object, r.reason]
              })
    if let r = page.row(at: l.selected) { QuarantineDetail.render(r, y: 2 + m.listHeight + 1, into: &buf) }
}

/// The selected quarantined statement in full: the table's columns cut the actor, object and reason.
enum QuarantineDetail {
    static let height = 6

    static func render(_ r: QuarantineRow, y: Int, into buf: inout ScreenBuffer) {
        let w = buf.width - 16
        buf.put("Statement", x: 2, y: y, style: .dim)
        buf.put("\(r.statementId) · integration \(r.integrationId)", x: 14, y: y, maxWidth: w)
        buf.put("Actor", x: 2, y: y + 1, style: .dim)
        buf.put(r.actor, x: 14, y: y + 1, maxWidth: w)
        buf.put("Object", x: 2, y: y + 2, style: .dim)
        buf.put(r.object, x: 14, y: y + 2, maxWidth: w)
        buf.put("Reason", x: 2, y: y + 3, style: .dim)
        buf.putWrapped(r.reason, x: 14, y: y + 3, style: .warning, maxWidth: w, maxLines: 2)
    }
}

/// Which of the statistics table's columns (before narrowing) the query sorts on: the first two swap with the view.
func statsColumnIndex(_ q: StatsQuery) -> Int? {
    switch q.sort {
    case .learner: q.view == .perLearner ? 0 : 1
    case .course: q.view == .perLearner ? 1 : 0
    case .progress: 2
    case .score: 3
    case .timeSpent: 4
    case .completion: 5
    case .result: 6
    case .lastActivity: 7
    case .attempts: 8
    }
}
