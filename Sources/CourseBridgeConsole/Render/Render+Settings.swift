import CourseBridgeCore
import Foundation

func renderSettings(_ m: ConsoleModel, _ id: Int64, into buf: inout ScreenBuffer) {
    guard let s = m.summary(id) else {
        buf.put("Loading integration \(id)…", x: 2, y: 2, style: .dim)
        return
    }
    let i = s.integration
    buf.put("\(i.provider.displayName) · group \(s.groupName) · \(i.state.rawValue)", x: 1, y: 1, style: .accent)
    let items = settingItems(i, readOnly: m.readOnly)
    let l = m.list
    for (n, item) in items.enumerated() {
        let y = 3 + n
        buf.put("  " + item.label.padded(to: 38), x: 0, y: y, style: item == .deactivate ? .warning : item == .activate ? .accent : .normal)
        let valueStyle: StyleID = item == .credentials && !i.hasCredentials ? .noCredentials : item == .activate ? .deactivated : .dim
        buf.put(settingValue(m, item, s), x: 41, y: y, style: valueStyle, maxWidth: buf.width - 42)
        if n == l.selected { buf.restyle(y: y, style: .selected) }
        buf.hit(x: 0, y: y, width: buf.width, .row(n))
    }
    var y = 4 + items.count
    let explain: [String]
    switch items.indices.contains(l.selected) ? items[l.selected] : .credentials {
    case .credentials:
        explain = providerAddresses(i)
    case .learnerId:
        explain = learnerIdExplanation(i)
    case .tagSync:
        explain = i.tagSync
            ? ["Tags from \(i.provider.displayName) are copied to its courses at each sync.",
               "Turning this off removes the synced tags at the next sync; manual tags stay."]
            : ["Off: synced tags are not copied. Turning it on copies them at the next sync.", "Manual tags always stay."]
    case .deactivate:
        explain = ["Deactivation stops synchronization and archives all courses of this integration.", "Learner data is kept."]
    case .activate:
        explain = ["Deactivated: synchronization is stopped and the courses are archived; learner data was kept.",
                   "Activating resumes synchronization; the next sync restores the archived courses the provider still lists."]
    default:
        explain = []
    }
    for line in explain {
        buf.put(line, x: 2, y: y, style: .dim, maxWidth: buf.width - 4)
        y += 1
    }
}

func settingValue(_ m: ConsoleModel, _ item: SettingItem, _ s: IntegrationSummary) -> String {
    let i = s.integration
    switch item {
    case .credentials: return i.hasCredentials ? "set (encrypted)" : "NOT SET"
    case .webhook: return i.webhookClientId ?? "not generated yet"
    case .learnerId: return i.learnerIdentification.label
    case .tagSync: return i.tagSync ? "on" : "off"
    case .schedule:
        let full = i.provider.offersChangesSince ? "full listing every \(Plural.count(i.fullListingEveryDays, "day"))" : "full listing every run"
        return "\(i.schedule.description) · next \(Format.until(s.nextRun, now: m.now)) · \(full)"
    case .filters:
        let parts = (i.languageFilter.isEmpty ? [] : ["languages: " + i.languageFilter.joined(separator: ",")])
            + (i.contentTypeFilter.isEmpty ? [] : ["types: " + i.contentTypeFilter.joined(separator: ",")])
        return parts.isEmpty ? "none (whole catalog)" : parts.joined(separator: " · ")
    case .syncNow: return lastRunText(m, s)
    case .history, .courses: return ""
    case .deactivate: return "archives \(Plural.count(s.activeCourses, "course"))"
    case .activate: return "deactivated · \(Plural.count(s.archivedCourses, "archived course"))"
    }
}

/// What the administrator sets at the provider so statements name learners the way this mode expects.
func learnerIdExplanation(_ i: Integration) -> [String] {
    let mode = i.learnerIdentification
    var lines = ["Learners are matched by \(mode.label): the statement's \(mode.statementField)."]
    switch (i.provider, mode) {
    case (.linkedin, .email): lines.append("At LinkedIn Learning, set the xAPI user identifier to Email.")
    case (.linkedin, _): lines.append("At LinkedIn Learning, send the learner's \(mode == .username ? "user name" : "external id") as the account name (SSO unique user id).")
    case (.skillsoft, .email): lines.append("At Percipio, choose Email as the xAPI actor identifier.")
    case (.skillsoft, _): lines.append("At Percipio, choose Login Name / External User ID as the xAPI actor identifier.")
    default: lines.append("\(i.provider.displayName) reports are matched the same way when they are pulled.")
    }
    if mode == .externalId { lines.append("An external id shared by several users is skipped: the statistic is not recorded.") }
    return lines
}

func renderCredentials(_ m: ConsoleModel, _ id: Int64, into buf: inout ScreenBuffer) {
    guard let s = m.summary(id), let form = m.form else { return }
    buf.put("\(s.integration.provider.displayName): the credentials from the provider's admin site. Paste works.", x: 1, y: 1, style: .dim)
    renderForm(form, readOnly: m.readOnly, y: 3, into: &buf)
    var y = 4 + form.fields.count * 2
    buf.put(m.readOnly ? "Read-only: secrets stay hidden · Ctrl-T tests the connection with the saved credentials"
                       : "Enter saves (encrypted) · Ctrl-T saves and tests the connection · Ctrl-R reveals secrets", x: 2, y: y, style: .dim)
    y += 2
    renderConnection(m, id, provider: s.integration.provider, y: y, into: &buf)
}

/// The TEST CONNECTION line, wrapped (the advice is at the end of the message). Returns the rows used.
@discardableResult
func renderConnection(_ m: ConsoleModel, _ id: Int64, provider: Provider, y: Int, into buf: inout ScreenBuffer) -> Int {
    if m.testing == id {
        buf.put("\(Format.spinner[m.tick % Format.spinner.count]) TEST CONNECTION: contacting \(provider.displayName)…", x: 2, y: y, style: .accent)
        return 1
    } else if let c = m.connection[id] {
        return buf.putWrapped((c.ok ? "✔ " : "✘ ") + "TEST CONNECTION: " + c.message, x: 2, y: y, style: c.ok ? .ok : .error,
                              maxWidth: buf.width - 4)
    }
    return 0
}

func renderForm(_ form: FormState, readOnly: Bool, y: Int, into buf: inout ScreenBuffer) {
    for (n, f) in form.fields.enumerated() {
        let yy = y + n * 2
        buf.put(f.label.padded(to: 22), x: 2, y: yy, style: n == form.focus ? .accent : .dim)
        let shown = f.isSecret && !form.revealed ? (f.value.isEmpty ? "" : SecretMask.masked) : f.value
        let w = buf.width - 28
        buf.fill(y: yy, x: 25, width: w, style: .input)
        if n == form.focus && !readOnly {
            // A hidden secret's cursor stays at the end: its characters are not shown.
            let hidden = f.isSecret && !form.revealed
            buf.input(shown, cursor: hidden ? nil : f.cursor, x: 25, y: yy, cursorStyle: .accent, maxWidth: w - 1)
        } else {
            buf.put(shown.count > w - 2 ? "…" + String(shown.suffix(w - 3)) : shown, x: 25, y: yy, style: .input)
        }
        if f.isSecret { buf.put(form.revealed ? "shown" : "hidden", x: buf.width - 8, y: yy, style: .dim) }
    }
}

func renderWebhook(_ m: ConsoleModel, _ id: Int64, into buf: inout ScreenBuffer) {
    guard let s = m.summary(id) else { return }
    let i = s.integration
    let base = m.publicBaseURL.hasSuffix("/") ? String(m.publicBaseURL.dropLast()) : m.publicBaseURL
    let path = i.provider == .linkedin ? "linkedinlearning" : "skillsoft"
    buf.put("Paste these at \(i.provider.displayName) so it can push learner statistics (xAPI).", x: 1, y: 1, style: .dim)
    var y = 3
    y = buf.field("Client ID", m.webhook?.clientId ?? "…", x: 2, y: y, labelWidth: 16)
    if let info = m.webhook, !info.clientSecret.isEmpty {
        // Just generated or rotated: the only time the secret exists outside the provider.
        let shown = m.revealSecret && !m.readOnly
        y = buf.field("Client secret", shown ? info.clientSecret : SecretMask.masked + "   (v shows it)", x: 2, y: y, labelWidth: 16,
                      style: shown ? .accent : .normal)
        buf.put("shown once: copy it now. Only its hash is kept; it cannot be shown again.", x: 2, y: y, style: .accent)
        y += 1
    } else if m.webhook != nil {
        y = buf.field("Client secret", m.readOnly ? "stored as a hash" : "stored as a hash; rotate (R) to get a new one", x: 2, y: y, labelWidth: 16, style: .dim)
    } else {
        y = buf.field("Client secret", "…", x: 2, y: y, labelWidth: 16)
    }
    y += 1
    y = buf.field("Token URL", "\(base)/api/\(path)/oauth2/token", x: 2, y: y, labelWidth: 16)
    y = buf.field("Statements URL", i.provider == .linkedin ? "\(base)/api/linkedinlearning/stats" : "\(base)/api/skillsoft/statements", x: 2, y: y, labelWidth: 16)
    y = buf.field("About URL", "\(base)/api/\(path)/about", x: 2, y: y, labelWidth: 16)
    buf.put("(public base URL \(base): set it with --public-url or COURSEBRIDGE_PUBLIC_URL)", x: 2, y: y, style: .dim)
    y += 2
    y = buf.field("Learner identification", i.learnerIdentification.label + (m.readOnly ? "" : "   (m: next mode)"), x: 2, y: y, style: .accent)
    for line in learnerIdExplanation(i) {
        buf.put(line, x: 4, y: y, style: .dim, maxWidth: buf.width - 6)
        y += 1
    }
}

func renderSchedule(_ m: ConsoleModel, _ id: Int64, into buf: inout ScreenBuffer) {
    guard let s = m.summary(id), let form = m.form else { return }
    buf.put("Daily synchronization of \(s.integration.provider.displayName); runs follow the zone through daylight saving.", x: 1, y: 1, style: .dim)
    renderForm(form, readOnly: m.readOnly, y: 3, into: &buf)
    let v = form.values
    let text: String
    let style: StyleID
    if let sched = try? DailySchedule(time: v["time"] ?? "", timeZone: v["tz"] ?? "") {
        text = "Next run: \(Format.timestamp(sched.nextRun(after: m.now))) UTC (\(Format.until(sched.nextRun(after: m.now), now: m.now)))"
        style = .ok
    } else {
        text = "Enter a time as HH:MM (00:00–23:59) and an IANA zone such as Europe/Paris or America/New_York."
        style = .warning
    }
    let below = 8 + max(0, form.fields.count - 2) * 2
    buf.put(text, x: 2, y: below, style: style, maxWidth: buf.width - 4)
    if form.fields.contains(where: { $0.key == "fullEvery" }) {
        buf.put("Daily runs read only what changed since the last complete run; a whole listing comes every N days, after a failed run and when filters change.",
                x: 2, y: below + 1, style: .dim, maxWidth: buf.width - 4)
    }
    buf.put(m.readOnly ? "Read-only: nothing can be saved · Esc leaves" : "Enter saves · Esc leaves without saving", x: 2, y: below + 2, style: .dim)
}

func renderFilters(_ m: ConsoleModel, _ id: Int64, into buf: inout ScreenBuffer) {
    guard let f = m.filters else {
        buf.put("Reading the languages and content types of the catalog…", x: 2, y: 2, style: .dim)
        return
    }
    let impact = m.readOnly ? "Read-only: the filters in force; nothing can be changed here." : f.impact.map { $0 == 0 ? "Saving archives no course." : "Saving archives \(Plural.count($0, "active course")) at once." }
        ?? "Counting the courses that would be archived…"
    buf.put(impact, x: 1, y: 1, style: (f.impact ?? 0) > 0 ? .warning : .ok)
    var rows: [(String, Bool, Int, Bool)] = []
    for o in f.options.languages { rows.append((o.value, f.languages.contains(o.value), o.courses, true)) }
    for o in f.options.contentTypes { rows.append((o.value, f.contentTypes.contains(o.value), o.courses, false)) }
    let h = m.listHeight - 1
    let top = max(0, min(f.cursor - h / 2, rows.count - h))
    buf.put(" Sel  Value                          Courses  Kind", x: 0, y: 2, style: .header)
    for (n, i) in (top..<min(rows.count, top + h)).enumerated() {
        let r = rows[i]
        let text = " [\(r.1 ? "x" : " ")]  \(r.0.padded(to: 30)) \(String(r.2).padded(to: 7, right: true))  \(r.3 ? "language" : "content type")"
        buf.put(text, x: 0, y: 3 + n)
        if i == f.cursor { buf.restyle(y: 3 + n, style: .selected) }
        buf.hit(x: 0, y: 3 + n, width: buf.width, .row(i))
    }
    if rows.isEmpty { buf.put("  The catalog has no courses yet: run a sync first.", x: 0, y: 3, style: .dim) }
    buf.put("Nothing selected in a list = no filter on it. Several values of one list: any of them.", x: 1, y: buf.height - 3,
            style: .dim, maxWidth: buf.width - 2)
}

/// Where the provider is called and, for Coursera, which programs are mapped: shown here, changed in the CLI
/// (an expert setting: the defaults are the providers' own addresses).
func providerAddresses(_ i: Integration) -> [String] {
    let id = i.id ?? 0
    var lines = ["API \(i.apiBase)" + (i.tokenURL.map { " · token \($0)" } ?? ""),
                 "Change them with: coursebridge integration endpoints \(id) --api-base URL [--token-url URL]"]
    if i.provider == .coursera {
        lines.append(i.selectedPrograms.isEmpty ? "Programs: all mapped automatically (coursebridge integration programs \(id) chooses some)"
                                                : "Programs: \(i.selectedPrograms.joined(separator: ", ")) (coursebridge integration programs \(id))")
    }
    return lines
}
