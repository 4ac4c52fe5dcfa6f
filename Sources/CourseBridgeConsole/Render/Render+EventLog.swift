import CourseBridgeCore
import Foundation

/// The event log: newest first, coloured by severity as elsewhere (warnings yellow, errors red).
func renderEvents(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    let kind = m.eventKind.map { "kind \($0.rawValue)" } ?? "all kinds"
    let filter = m.list.filter.isEmpty ? "" : " matching '\(m.list.filter)'"
    buf.put("\(Plural.count(m.events.count, "event"))\(filter) · \(kind) (t) · newest first, times UTC, refreshed every second",
            x: 1, y: 1, style: .dim, maxWidth: buf.width - 2)
    let rows = m.events
    let l = m.list
    let columns = [Column("Time (UTC)", 19, sortDescending: true), Column("Kind", 13), Column("Int", 3, right: true), Column("Message", 20)]
    buf.table(y: 2, height: m.listHeight, columns: columns, flex: 3, count: rows.count, top: l.top, selected: l.selected,
              cells: { i in
                  let e = rows[i]
                  return [EventLogText.time(e.at), e.kind.rawValue, e.integrationId.map(String.init) ?? "—", e.message]
              }, style: { i in EventLogText.style(rows[i].severity) })
    if rows.isEmpty {
        let text = m.eventKind == nil && m.list.filter.isEmpty
            ? "No events yet: syncs, statement batches, token failures and quarantines are logged here."
            : "No event matches; t changes the kind, Esc clears the filter."
        buf.putWrapped(text, x: 2, y: 4, style: .accent, maxWidth: buf.width - 4, maxLines: 2)
    }
}

enum EventLogText {
    /// "2026-12-06 11:40:12".
    static func time(_ date: Date) -> String {
        let s = Int(date.timeIntervalSince1970.rounded(.down)) % 60
        return Format.timestamp(date) + ":" + Format.pad2(Int32(s))
    }

    static func style(_ severity: PlatformEvent.Severity) -> StyleID {
        switch severity {
        case .info: .normal
        case .warning: .warning
        case .error: .error
        }
    }
}
