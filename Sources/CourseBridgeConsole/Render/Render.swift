import CourseBridgeCore
import Foundation

/// Draws the whole console for a model: frame, the current screen, then any overlay. Pure.
public func render(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    buf = ScreenBuffer(width: buf.width, height: buf.height)
    guard buf.width >= 80, buf.height >= 24 else {
        guard CompactLayout.fits(m, width: buf.width, height: buf.height) else {
            renderTooSmall(m, buf.width, buf.height, into: &buf)
            return
        }
        CompactLayout.renderDashboard(m, into: &buf)
        renderStatus(m, into: &buf)
        renderFooter(m, into: &buf)
        renderOverlay(m, into: &buf)
        return
    }
    renderTitle(m, into: &buf)
    switch m.screen {
    case .dashboard: renderDashboard(m, into: &buf)
    case .integration(let id): renderSettings(m, id, into: &buf)
    case .credentials(let id): renderCredentials(m, id, into: &buf)
    case .webhook(let id): renderWebhook(m, id, into: &buf)
    case .schedule(let id): renderSchedule(m, id, into: &buf)
    case .filters(let id): renderFilters(m, id, into: &buf)
    case .sync(let id): renderSync(m, id, into: &buf)
    case .history: renderHistory(m, into: &buf)
    case .runDetail(let id): renderRunDetail(m, id, into: &buf)
    case .courses: renderCourses(m, into: &buf)
    case .courseDetail: renderCourseDetail(m, into: &buf)
    case .stats: renderStats(m, into: &buf)
    case .quarantine: renderQuarantine(m, into: &buf)
    case .wizard: renderWizard(m, into: &buf)
    case .events: renderEvents(m, into: &buf)
    case .intake: renderIntake(m, into: &buf)
    }
    renderStatus(m, into: &buf)
    renderFooter(m, into: &buf)
    renderOverlay(m, into: &buf)
}

func renderOverlay(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    switch m.overlay {
    case .help: renderHelp(m, into: &buf)
    case .confirm(let c): renderConfirm(c, into: &buf)
    case .prompt(let p): renderPrompt(p, into: &buf)
    case .command, nil: break
    }
}

func renderTooSmall(_ m: ConsoleModel, _ w: Int, _ h: Int, into buf: inout ScreenBuffer) {
    let dashboard = m.screen == .dashboard
    let lines = ["Terminal too small: \(w)×\(h).",
                 dashboard ? "CourseBridge needs at least 80×24 (the dashboard alone 40×12)." : "This screen needs at least 80×24.",
                 dashboard ? "Enlarge the window, or press q to quit." : "Enlarge the window, or press Esc to go back (the dashboard fits in 40×12)."]
    for (i, line) in lines.enumerated() {
        let y = max(0, h / 2 - 1 + i)
        buf.put(line, x: max(0, (w - CellWidth.of(line)) / 2), y: y, style: i == 0 ? .warning : .normal)
    }
}

// MARK: - Frame

func renderTitle(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    buf.fill(y: 0, style: .title)
    let crumbs = m.stack.count > 1 ? m.stack.suffix(2).map(\.title).joined(separator: " › ") : m.screen.title
    var right: [String] = []
    if let p = m.runningSyncs.first {
        let pct = p.fraction.map { " \(Int(($0 * 100).rounded()))%" } ?? ""
        right.append("\(Format.spinner[m.tick % Format.spinner.count]) sync \(p.integrationId)\(pct)")
    }
    if m.readOnly { right.append("READ-ONLY") }
    if let actor = m.actor {
        // Who acts, so nobody changes integrations believing they are someone else; shortened on narrow terminals.
        let role = actor.isPlatformAdmin ? "platform admin" : "not an administrator"
        let full = "acting as \(actor.email) (\(role))"
        let used = right.map { CellWidth.of($0) + 2 }.reduce(0, +)
        // The long form only when the breadcrumb still fits whole beside it (at 80 columns a screen two deep does not).
        let crumbsWidth = CellWidth.of(" CourseBridge › \(crumbs)")
        right.append(buf.width - used - CellWidth.of(full) - 2 >= crumbsWidth ? full : "as \(actor.email)\(actor.isPlatformAdmin ? "" : " (no admin)")")
    }
    let text = right.joined(separator: "  ") + " "
    // The breadcrumb gives way to who acts and the running sync (at 80 columns it was overwritten mid-word).
    let used = buf.put(" CourseBridge › \(crumbs)".fitted(to: max(12, buf.width - CellWidth.of(text) - 1)), x: 0, y: 0, style: .title)
    // Clicking the breadcrumb goes back a screen, as Esc does.
    if m.stack.count > 1 { buf.hit(x: 0, y: 0, width: used, .key(.esc)) }
    buf.put(text, x: max(0, buf.width - CellWidth.of(text)), y: 0, style: .title)
}

func renderStatus(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    let y = buf.height - 2 - FooterLayout.extraRows(m)
    if case .command(let text) = m.overlay {
        // Tab's matches beside the line, so the administrator sees what to type next.
        let matches = m.commandMatches.isEmpty ? "↑↓ earlier commands · Tab completes"
            : m.commandMatches.count == 1 && m.commandMatches[0].contains(" ") ? m.commandMatches[0] : m.commandMatches.map { ":" + $0 }.joined(separator: " ")
        let right = min(CellWidth.of(matches), buf.width / 2)
        buf.put(":", x: 0, y: y, style: .input)
        buf.input(text, cursor: m.commandCursor, x: 1, y: y, maxWidth: buf.width - right - 3)
        buf.put(matches, x: buf.width - right - 1, y: y, style: m.commandMatches.isEmpty ? .dim : .accent, maxWidth: right)
    } else if m.list.filtering {
        buf.put("/", x: 0, y: y, style: .input)
        buf.input(m.list.filter, cursor: m.list.filterCursor, x: 1, y: y, maxWidth: buf.width - 28)
        buf.put("Enter keeps · Esc clears", x: buf.width - 25, y: y, style: .dim)
    } else if let f = m.flash {
        // A long message grows upwards over the screen rather than losing its end (where the fix is).
        let rows = ScreenBuffer.wrap(f.text, width: buf.width - 2, maxLines: 3)
        for (i, row) in rows.enumerated() {
            let yy = y - (rows.count - 1) + i
            buf.fill(y: yy, style: .normal)
            buf.put(row, x: 1, y: yy, style: f.isError ? .error : .flash, maxWidth: buf.width - 2)
        }
    } else if !m.list.filter.isEmpty {
        buf.put("filter: \(m.list.filter)  (Esc clears)", x: 1, y: y, style: .accent)
    } else if let w = m.warning {
        buf.put(w, x: 1, y: y, style: .warning, maxWidth: buf.width - 2)
    } else if m.loading {
        buf.put("\(Format.spinner[m.tick % Format.spinner.count]) loading…", x: 1, y: y, style: .dim)
    }
}

/// Read-only mode offers no key that changes data or reveals a secret.
func hiddenInReadOnly(_ m: ConsoleModel, _ binding: KeyBinding) -> Bool {
    m.readOnly && (binding.changesData || [.reveal, .copy, .copyClientId].contains(binding.action))
}

/// A key's help as this mode can honour it: read-only mode saves nothing, so nothing says it does.
func shownHelp(_ m: ConsoleModel, _ binding: KeyBinding) -> String {
    guard m.readOnly else { return binding.help }
    switch binding.action {
    case .testConnection: return "TEST CONNECTION with the saved credentials"
    case .back where binding.help == "back without saving": return "back"
    default: return binding.help
    }
}

/// The keys of the current screen, from the same table that handles them.
func renderFooter(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    let rows = FooterLayout.rows(m, width: buf.width)
    for (r, items) in rows.enumerated() {
        let y = buf.height - rows.count + r
        buf.fill(y: y, style: .footer)
        var x = 1
        for item in items {
            let start = x
            x += buf.put(item.key, x: x, y: y, style: .footerKey)
            x += buf.put(" " + item.text + "  ", x: x, y: y, style: .footer)
            if let key = item.press { buf.hit(x: start, y: y, width: x - start - 1, .key(key)) }
        }
    }
}

// MARK: - Overlays

func renderHelp(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    let rows = KeyTable.bindings(for: m.screen).filter { !hiddenInReadOnly(m, $0) }
    let w = min(buf.width - 4, 96)
    // The `:` commands under the keys, so the command line is discoverable without knowing k9s.
    // Wrapped between commands, never inside one (":courses [ID]" stays whole).
    var commands = ["Commands (: then Enter; Tab completes, ↑ recalls):"]
    for entry in CommandLineHistory.helpEntries(readOnly: m.readOnly) {
        if CellWidth.of(commands[commands.count - 1] + "  " + entry) > w - 4 { commands.append(entry) }
        else { commands[commands.count - 1] += "  " + entry }
    }
    // Keys in two columns when one does not fit the terminal (80×24 has room for ~15 rows).
    let room = buf.height - 2 - 5 - commands.count
    let twoColumns = rows.count > room
    let perColumn = twoColumns ? (rows.count + 1) / 2 : rows.count
    let h = min(buf.height - 2, perColumn + commands.count + 5)
    let x = (buf.width - w) / 2, y = max(1, (buf.height - h) / 2)
    buf.box(x: x, y: y, width: w, height: h, title: "Keys · \(m.screen.title)", fill: .dialog)
    let keyRows = max(0, h - 5 - commands.count)
    let columnWidth = twoColumns ? (w - 4) / 2 : w - 4
    let labelWidth = twoColumns ? min(12, rows.map { CellWidth.of($0.label) }.max() ?? 0) : 16
    for (i, b) in rows.enumerated() {
        let column = twoColumns ? i / perColumn : 0
        let line = twoColumns ? i % perColumn : i
        guard line < keyRows else { continue }
        let cx = x + 2 + column * columnWidth
        buf.put(b.label.padded(to: labelWidth), x: cx, y: y + 1 + line, style: .footerKey)
        buf.put(shownHelp(m, b), x: cx + labelWidth + 1, y: y + 1 + line, style: .dialog, maxWidth: columnWidth - labelWidth - 2)
    }
    for (i, line) in commands.enumerated() { buf.put(line, x: x + 2, y: y + 2 + keyRows + i, style: .accent, maxWidth: w - 4) }
    buf.put("a click or any key closes", x: x + 2, y: y + h - 2, style: .dim)
    buf.hit(x: 0, y: 0, width: buf.width, height: buf.height, .key(.esc))
}

func renderConfirm(_ c: Confirm, into buf: inout ScreenBuffer) {
    let w = min(buf.width - 4, max(50, (c.lines.map(CellWidth.of).max() ?? 0) + 6))
    let h = c.lines.count + 6
    let x = (buf.width - w) / 2, y = max(1, (buf.height - h) / 2)
    buf.box(x: x, y: y, width: w, height: h, title: c.title, style: .warning, fill: .dialog)
    for (i, line) in c.lines.enumerated() { buf.put(line, x: x + 2, y: y + 2 + i, style: .dialog, maxWidth: w - 4) }
    let cancel = "[ Cancel ]", ok = "[ \(c.confirmLabel) ]"
    let by = y + h - 2
    let bx = x + w - CellWidth.of(cancel) - CellWidth.of(ok) - 4
    buf.put(cancel, x: bx, y: by, style: c.focusOnConfirm ? .dialog : .selected)
    buf.put(ok, x: bx + CellWidth.of(cancel) + 2, y: by, style: c.focusOnConfirm ? .selected : .dialog)
    buf.hit(x: x, y: y, width: w, height: h, .inert)
    buf.hit(x: bx, y: by, width: CellWidth.of(cancel), .key(.esc))
    buf.hit(x: bx + CellWidth.of(cancel) + 2, y: by, width: CellWidth.of(ok), .key(.char("y")))
    buf.put("←/→ choose · Enter · Esc cancels", x: x + 2, y: by, style: .dim, maxWidth: bx - x - 3)
}

func renderPrompt(_ p: Prompt, into buf: inout ScreenBuffer) {
    let w = min(buf.width - 4, 76)
    let x = (buf.width - w) / 2, y = buf.height / 2 - 2
    let note = p.note.map { ScreenBuffer.wrap($0, width: w - 4, maxLines: 2) } ?? []
    buf.box(x: x, y: y, width: w, height: 5 + note.count, title: p.label, fill: .dialog)
    buf.input(p.value, cursor: p.cursor, x: x + 2, y: y + 2, maxWidth: w - 4)
    for (i, line) in note.enumerated() { buf.put(line, x: x + 2, y: y + 3 + i, style: .accent, maxWidth: w - 4) }
    buf.put("Enter writes the file · Esc cancels", x: x + 2, y: y + 3 + note.count, style: .dim)
}
