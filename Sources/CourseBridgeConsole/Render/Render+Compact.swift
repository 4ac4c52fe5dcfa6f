import CourseBridgeCore

/// Below 80×24 the dashboard still shows its integrations (down to 40×12): id, provider, state and last run,
/// with the status line and the footer, so a narrow split pane stays useful. Other screens ask for more room.
enum CompactLayout {
    static let minWidth = 40
    static let minHeight = 12

    static func fits(_ m: ConsoleModel, width: Int, height: Int) -> Bool {
        m.screen == .dashboard && width >= minWidth && height >= minHeight
    }

    static func renderDashboard(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
        buf.fill(y: 0, style: .title)
        buf.put(" CourseBridge › Dashboard", x: 0, y: 0, style: .title, maxWidth: buf.width - 12)
        if m.readOnly { buf.put("READ-ONLY ", x: buf.width - 10, y: 0, style: .title) }
        let rows = visibleIntegrations(m)
        buf.put("\(Plural.count(m.integrations.count, "integration")) · \(buf.width)×\(buf.height): 80×24 shows the rest",
                x: 1, y: 1, style: .dim, maxWidth: buf.width - 2)
        let footerRows = FooterLayout.rows(m, width: buf.width).count
        let height = max(1, buf.height - 4 - footerRows)
        let l = m.lists[.dashboard] ?? ListState()
        let top = max(0, min(l.top, l.selected), l.selected - height + 1)
        let columns = [Column("ID", 3, right: true, sortDescending: false), Column("Provider", 9), Column("State", 11), Column("Last run", 10)]
        buf.table(y: 2, height: height, columns: columns, flex: 3, count: rows.count, top: top, selected: l.selected,
                  cells: { i in
                      let s = rows[i]
                      return ["\(s.integration.id ?? 0)", Format.shortName(s.integration.provider), stateText(m, s), lastRunText(m, s)]
                  }, style: { i in StateStyle.integration(rows[i]) })
    }
}
