import CourseBridgeCore

func renderWizard(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    guard let w = m.wizard else { return }
    let steps = ["Provider", "Group", "Author", "Credentials", "Test", "Programs", "Done"]
    var x = 1
    var number = 0
    for (i, name) in steps.enumerated() {
        if i == WizardState.Step.programs.rawValue && w.provider != .coursera { continue }
        number += 1
        let style: StyleID = i == w.step.rawValue ? .selected : i < w.step.rawValue ? .ok : .dim
        x += buf.put(" \(number) \(name) ", x: x, y: 1, style: style) + 1
    }
    var y = 3
    func list(_ items: [String], _ hint: String) {
        buf.put(hint, x: 2, y: y, style: .header)
        for (i, item) in items.enumerated().prefix(buf.height - y - 4) {
            buf.put("  " + item, x: 2, y: y + 2 + i, maxWidth: buf.width - 4)
            if i == w.cursor { buf.restyle(y: y + 2 + i, x: 2, width: buf.width - 4, style: .selected) }
            buf.hit(x: 2, y: y + 2 + i, width: buf.width - 4, .row(i))
        }
    }
    switch w.step {
    case .provider:
        list(Provider.allCases.map { "\($0.displayName.padded(to: 20)) statistics \($0.pushesStatements ? "pushed (xAPI)" : "pulled daily")" },
             "Which provider?")
    case .group:
        let groups = w.options?.groups ?? []
        list(groups.map { String(repeating: "  ", count: $0.depth) + $0.group.name + ($0.group.isPrivate ? "  (private)" : "  (public)") },
             "Synchronized group: courses go to its catalog and library\(w.provider == .coursera ? " (Coursera: and every public subgroup)" : "")")
        if groups.isEmpty, w.options != nil {
            // A fresh database: say how to make a group with an administrator instead of showing an empty list.
            let lines = ["No groups yet. Create one with an administrator from a shell, then come back (Esc, then a):",
                         "  coursebridge group add NAME",
                         "  coursebridge user add --email EMAIL",
                         "  coursebridge group member add NAME EMAIL --role group-admin"]
            for (i, line) in lines.enumerated() {
                buf.put(line, x: 4, y: y + 2 + i, style: i == 0 ? .warning : .accent, maxWidth: buf.width - 6)
            }
        }
    case .author:
        let authors = w.options?.authors(for: w.groupId) ?? []
        list(authors.map { "\($0.email)\($0.displayName.map { "  \($0)" } ?? "")" },
             "Author: becomes main author of the synchronized courses (admin or editor of the group)")
        if authors.isEmpty {
            buf.putWrapped("No admin or editor in this group yet: grant one with coursebridge group member add GROUP EMAIL --role editor, or go back (Esc) and choose another group.",
                           x: 4, y: y + 2, style: .warning, maxWidth: buf.width - 6)
        }
    case .credentials, .test:
        buf.put("Credentials of \(w.provider?.displayName ?? ""). Tab moves, Ctrl-R reveals, Enter tests; nothing is saved before the last step.",
                x: 2, y: y, style: .header, maxWidth: buf.width - 4)
        renderForm(w.form, readOnly: w.step == .test, y: y + 2, into: &buf)
        y += 3 + w.form.fields.count * 2
        guard w.step == .test else { break }
        if w.testing {
            buf.put("\(Format.spinner[m.tick % Format.spinner.count]) TEST CONNECTION: contacting \(w.provider?.displayName ?? "the provider")…",
                    x: 2, y: y, style: .accent)
        } else if let outcome = w.outcome {
            let rows = buf.putWrapped((outcome.ok ? "✔ " : "✘ ") + "TEST CONNECTION: " + outcome.message, x: 2, y: y, style: outcome.ok ? .ok : .error,
                                      maxWidth: buf.width - 4)
            buf.put(outcome.ok ? "Enter: \(w.provider == .coursera ? "continue" : "create the integration")"
                               : "Enter: correct the credentials · S: save anyway (fix them later in its settings)",
                    x: 2, y: y + max(rows, 1) + 1, style: .accent, maxWidth: buf.width - 4)
        }
    case .programs:
        list(["[x] All programs (auto-map all)"], "Coursera programs: which programs' catalogs to synchronize (Enter creates the integration)")
    case .done:
        let id = w.integrationId ?? 0
        buf.put("✔ Integration \(id) is set up.", x: 2, y: y, style: .ok)
        var line = y + 2
        if let provider = w.provider, provider.pushesStatements {
            line += buf.putWrapped("Next: \(provider.displayName) pushes learner statistics with webhook credentials. See them in this "
                                   + "integration's settings (Enter on it in the dashboard, then Webhook credentials) or with "
                                   + "coursebridge integration webhook \(id), and enter them at \(provider.displayName).",
                                   x: 2, y: line, style: .accent, maxWidth: buf.width - 4) + 1
        }
        buf.put("Enter returns to the dashboard; press s there to run the first sync.", x: 2, y: line)
    }
}
