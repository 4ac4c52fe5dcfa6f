import CourseBridgeCore
import Foundation

/// Live intake: what LinkedIn and Skillsoft pushed, read from the database every second or two.
enum IntakePanel {
    /// Rows the dashboard gives the panel: its box, a line for the URL, one per pushing integration (at most 3).
    static func height(_ m: ConsoleModel) -> Int { 3 + min(3, max(1, m.intake?.count ?? 1)) }

    static func renderPanel(_ m: ConsoleModel, y: Int, into buf: inout ScreenBuffer) {
        let h = height(m)
        buf.box(x: 0, y: y, width: buf.width, height: h, title: "Live intake (i)")
        buf.put("Providers push to \(m.publicBaseURL)/api/…", x: 2, y: y + 1, style: .dim, maxWidth: buf.width - 4)
        lines(m, y: y + 2, maxRows: h - 3, compact: true, into: &buf)
    }

    /// One line per integration; "no statements yet" when nothing was ever pushed.
    static func lines(_ m: ConsoleModel, y: Int, maxRows: Int, compact: Bool, into buf: inout ScreenBuffer) {
        guard let rows = m.intake else {
            buf.put("reading…", x: 2, y: y, style: .dim)
            return
        }
        if rows.isEmpty || rows.allSatisfy({ $0.lastReceived == nil }) {
            let what = rows.isEmpty ? "no integration receives statements (LinkedIn and Skillsoft push them)"
                : "no statements received yet — providers push to \(m.publicBaseURL)/api/… (i shows the addresses)"
            buf.putWrapped(what, x: 2, y: y, style: .accent, maxWidth: buf.width - 4, maxLines: max(1, maxRows))
            if rows.isEmpty || maxRows < 2 || compact { return }
        }
        for (i, r) in rows.prefix(maxRows).enumerated() where r.lastReceived != nil || !compact {
            let failures = r.tokenFailures > 0 ? "  \(Plural.count(r.tokenFailures, "token failure"))" : ""
            let text = "\(r.integrationId) \(Format.shortName(r.provider).padded(to: 9)) \(Format.ago(r.lastReceived, now: m.now).padded(to: 8))"
                + "  \(rate(r.perSecond))/s  \(r.applied) applied  \(r.quarantined) quarantined\(failures)"
            let style: StyleID = r.tokenFailures > 0 ? .error : r.quarantined > 0 ? .warning : .normal
            buf.put(text, x: 2, y: y + i, style: style, maxWidth: buf.width - 4)
        }
    }

    static func rate(_ perSecond: Double) -> String {
        perSecond == 0 ? "0" : perSecond < 10 ? String(format: "%.1f", perSecond) : "\(Int(perSecond.rounded()))"
    }
}

/// The intake screen: the URL to give providers, then a table per pushing integration.
func renderIntake(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    buf.put("Statements pushed by providers · read from the database every second · times relative to now",
            x: 1, y: 1, style: .dim, maxWidth: buf.width - 2)
    var y = buf.field("Public URL", m.publicBaseURL, x: 2, y: 3, labelWidth: 16)
    y = buf.field("LinkedIn", "\(m.publicBaseURL)/api/linkedinlearning/stats · token …/api/linkedinlearning/oauth2/token", x: 2, y: y, labelWidth: 16)
    y = buf.field("Skillsoft", "\(m.publicBaseURL)/api/skillsoft/statements · token …/api/skillsoft/oauth2/token", x: 2, y: y, labelWidth: 16)
    y += 1
    guard let rows = m.intake else {
        buf.put("reading…", x: 2, y: y, style: .dim)
        return
    }
    if rows.isEmpty || rows.allSatisfy({ $0.lastReceived == nil }) {
        let text = rows.isEmpty ? "No integration receives statements: LinkedIn and Skillsoft integrations do (a on the dashboard adds one)."
            : "No statements received yet — providers push to \(m.publicBaseURL)/api/… (the addresses above)."
        y += buf.putWrapped(text, x: 2, y: y, style: .accent, maxWidth: buf.width - 4, maxLines: 2) + 1
        if rows.isEmpty { return }
    }
    let columns = [Column("Int", 3, right: true), Column("Provider", 9), Column("Group", 10), Column("Last received", 14),
                   Column("Per s", 5, right: true), Column("Today", 6, right: true), Column("Applied", 7, right: true),
                   Column("Quarant.", 8, right: true), Column("Token fail/h", 12, right: true)]
    buf.table(y: y, height: max(1, buf.height - y - 3), columns: columns, flex: 2, count: rows.count, top: 0, selected: nil,
              cells: { i in
                  let r = rows[i]
                  return ["\(r.integrationId)", Format.shortName(r.provider), r.groupName, Format.ago(r.lastReceived, now: m.now),
                          IntakePanel.rate(r.perSecond), "\(r.receivedToday)", "\(r.applied)", "\(r.quarantined)", "\(r.tokenFailures)"]
              }, style: { i in rows[i].tokenFailures > 0 ? .error : rows[i].quarantined > 0 ? .warning : .normal })
}
