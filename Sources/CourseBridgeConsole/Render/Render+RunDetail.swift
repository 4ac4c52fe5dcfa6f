import CourseBridgeCore
import Foundation

/// One sync run: a summary sentence, its figures, then every error and warning wrapped (never cut), scrolled with
/// ↑↓/PgUp/PgDn. A first sync that imports nothing had ~22 cut lines and no way to see the rest.
func renderRunDetail(_ m: ConsoleModel, _ id: Int64, into buf: inout ScreenBuffer) {
    guard let r = m.runs.first(where: { $0.id == id }) else {
        buf.put("Run \(id) is not in the history that was read; Esc goes back.", x: 2, y: 2, style: .warning)
        return
    }
    for (i, line) in ScreenBuffer.wrap(RunDetail.summary(r), width: buf.width - 4, maxLines: 2).enumerated() {
        buf.put(line, x: 2, y: 1 + i, style: RunDetail.summaryStyle(r))
    }
    var y = 3
    y = buf.field("Integration", "\(r.integrationId)", x: 2, y: y, labelWidth: 14)
    y = buf.field("Trigger", r.trigger.rawValue, x: 2, y: y, labelWidth: 14)
    y = buf.field("Started", Format.timestamp(r.startedAt) + " UTC", x: 2, y: y, labelWidth: 14)
    y = buf.field("Ended", Format.timestamp(r.endedAt) + " UTC", x: 2, y: y, labelWidth: 14)
    y = buf.field("Outcome", r.outcome.rawValue, x: 2, y: y, labelWidth: 14, style: RunDetail.summaryStyle(r))
    if let reason = r.reason { y = buf.field("Reason", reason, x: 2, y: y, labelWidth: 14, style: RunDetail.summaryStyle(r)) }
    // Which listing the run read: changes only, or the whole catalog and why (issue 18).
    y = buf.field("Listing", r.listingKind?.label ?? "full", x: 2, y: y, labelWidth: 14)
    y = buf.field("Counts", Format.counts(r.counts), x: 2, y: y, labelWidth: 14)
    y = buf.field("Pages / items", "\(r.pages) / \(r.itemsSeen)", x: 2, y: y, labelWidth: 14)
    let lines = RunDetail.lines(r, width: buf.width - 4)
    let rows = RunDetail.visibleRows(m)
    let top = min(m.list.top, max(0, lines.count - rows))
    let heading = r.errors.isEmpty ? "No errors or warnings." : "\(RunDetail.tally(r)) (errors first)"
    buf.put(heading, x: 2, y: y + 1, style: .header)
    if lines.count > rows {
        let info = " lines \(top + 1)–\(min(lines.count, top + rows)) of \(lines.count) · ↑↓ PgUp PgDn scroll "
        buf.put(info, x: buf.width - CellWidth.of(info) - 1, y: y + 1, style: .dim)
    }
    for (i, line) in lines.dropFirst(top).prefix(rows).enumerated() {
        buf.put(line.text, x: 2, y: RunDetail.messagesTop(r) + i, style: line.style, maxWidth: buf.width - 4)
    }
}

enum RunDetail {
    /// One sentence that says what the run did, first: the figures and messages below explain it.
    static func summary(_ r: SyncRunRecord) -> String {
        let c = r.counts
        switch r.outcome {
        case .failed: return "This sync failed: \(r.reason ?? "see the errors below"). Nothing was archived."
        case .cancelled: return "This sync was cancelled; nothing was archived."
        case .held: return "This sync was held: it would have archived too many courses, so it archived nothing."
        case .running: return "This sync is still running."
        case .interrupted: return "This sync was interrupted (its process stopped); nothing was archived."
        case .succeeded: break
        }
        if c.created + c.updated + c.unchanged + c.archived == 0 {
            return c.ignored > 0
                ? "Nothing was imported: all \(Plural.count(c.ignored, "item")) were ignored; the warnings below say why."
                : "The provider listed no course: nothing was created, updated or archived."
        }
        var parts = ["\(c.created) created", "\(c.updated) updated", "\(c.archived) archived"]
        if c.unchanged > 0 { parts.append("\(c.unchanged) unchanged") }
        var text = "Succeeded: " + parts.joined(separator: ", ")
        if c.ignored > 0 { text += "; \(Plural.count(c.ignored, "item")) ignored (not courses CourseBridge imports)" }
        if r.warnings > 0 { text += "; warnings do not stop a sync" }
        return text + "."
    }

    static func summaryStyle(_ r: SyncRunRecord) -> StyleID {
        r.outcome == .succeeded && r.errors.contains { $0.kind == .error } ? .warning : StateStyle.run(r.outcome)
    }

    /// "2 errors, 7 warnings": the warnings as the run counted them (the stored list keeps a sample).
    static func tally(_ r: SyncRunRecord) -> String {
        let errors = r.errors.filter { $0.kind == .error }.count
        let warnings = max(r.warnings, r.errors.count - errors)
        return "\(Plural.count(errors, "error")), \(Plural.count(warnings, "warning"))"
    }

    /// Every message wrapped to `width`; errors red and warnings yellow, as on every screen.
    static func lines(_ r: SyncRunRecord, width: Int) -> [(text: String, style: StyleID)] {
        let sorted = r.errors.filter { $0.kind == .error } + r.errors.filter { $0.kind == .warning }
        var out: [(text: String, style: StyleID)] = []
        for e in sorted {
            let style: StyleID = e.kind == .error ? .error : .warning
            for (i, row) in ScreenBuffer.wrap(Format.runMessage(e), width: width - 2).enumerated() {
                out.append((text: (i == 0 ? "• " : "  ") + row, style: style))
            }
        }
        let shown = sorted.filter { $0.kind == .warning }.count
        if r.warnings > shown {
            let more = r.warnings - shown
            out.append((text: "… \(more) more \(more == 1 ? "warning" : "warnings") not kept (\(r.warnings) in all)", style: StyleID.dim))
        }
        return out
    }

    /// The first row of the messages (below the figures and the heading).
    /// Summary (2 rows), 8 fields (9 with a reason), the heading: the row the messages start on.
    static func messagesTop(_ r: SyncRunRecord) -> Int { r.reason == nil ? 13 : 14 }

    static func visibleRows(_ m: ConsoleModel) -> Int {
        guard case .runDetail(let id) = m.screen, let r = m.runs.first(where: { $0.id == id }) else { return 1 }
        return max(1, m.height - 2 - FooterLayout.extraRows(m) - messagesTop(r) - 1)
    }

    /// Lines the run's messages take at the console's width.
    static func lineCount(_ m: ConsoleModel) -> Int {
        guard case .runDetail(let id) = m.screen, let r = m.runs.first(where: { $0.id == id }) else { return 0 }
        return lines(r, width: m.width - 4).count
    }
}
