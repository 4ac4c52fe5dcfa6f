import CourseBridgeCore

func openWizard(_ m: inout ConsoleModel) -> [ConsoleEffect] {
    m.wizard = WizardState()
    return push(&m, .wizard)
}

/// Rows of the current wizard step's list.
func wizardRowCount(_ w: WizardState) -> Int {
    switch w.step {
    case .provider: Provider.allCases.count
    case .group: w.options?.groups.count ?? 0
    case .author: w.options?.authors(for: w.groupId).count ?? 0
    case .programs: 1
    default: 0
    }
}

func handleWizardKey(_ m: inout ConsoleModel, _ key: Key) -> [ConsoleEffect] {
    guard var w = m.wizard else { return [] }
    // The credentials step types text.
    if w.step == .credentials, w.form.fields.indices.contains(w.form.focus) {
        switch key {
        case .char(let c):
            w.form.fields[w.form.focus].value.append(c)
            m.wizard = w
            return []
        case .backspace:
            w.form.fields[w.form.focus].value = String(w.form.fields[w.form.focus].value.dropLast())
            m.wizard = w
            return []
        case .tab, .down:
            w.form.focus = (w.form.focus + 1) % w.form.fields.count
            m.wizard = w
            return []
        case .backTab, .up:
            w.form.focus = (w.form.focus + w.form.fields.count - 1) % w.form.fields.count
            m.wizard = w
            return []
        case .ctrl("r"):
            w.form.revealed.toggle()
            m.wizard = w
            return []
        default: break
        }
    }
    guard let binding = KeyTable.binding(for: key, on: .wizard) else { return [] }
    switch binding.action {
    case .up, .down, .pageUp, .pageDown, .top, .bottom:
        let delta = binding.action == .up ? -1 : binding.action == .down ? 1 : binding.action == .top || binding.action == .pageUp ? -1000 : 1000
        w.cursor = max(0, min(wizardRowCount(w) - 1, w.cursor + delta))
        m.wizard = w
        return []
    case .help:
        m.overlay = .help
        return []
    case .back:
        switch w.step {
        case .provider, .done:
            m.wizard = nil
            return goBack(&m)
        case .group, .author:
            w.step = WizardState.Step(rawValue: w.step.rawValue - 1) ?? .provider
            w.cursor = 0
            m.wizard = w
            return []
        default:
            // The integration exists from here on: leaving keeps it, to be finished in its settings.
            m.wizard = nil
            flash(&m, "Integration \(w.integrationId ?? 0) was created; finish its setup from the dashboard (Enter on it).")
            return goBack(&m)
        }
    case .open:
        return advanceWizard(&m, w)
    default:
        return []
    }
}

func advanceWizard(_ m: inout ConsoleModel, _ w0: WizardState) -> [ConsoleEffect] {
    var w = w0
    defer { m.wizard = w }
    switch w.step {
    case .provider:
        w.provider = Provider.allCases[max(0, min(w.cursor, Provider.allCases.count - 1))]
        w.step = .group
        w.cursor = 0
    case .group:
        guard let groups = w.options?.groups, groups.indices.contains(w.cursor) else { return [] }
        w.groupId = groups[w.cursor].group.id
        w.step = .author
        w.cursor = 0
    case .author:
        guard let authors = w.options?.authors(for: w.groupId), authors.indices.contains(w.cursor),
              let provider = w.provider, let group = w.groupId else { return [] }
        w.authorEmail = authors[w.cursor].email
        return [.createIntegration(provider, groupId: group, authorEmail: authors[w.cursor].email)]
    case .credentials:
        guard let id = w.integrationId else { return [] }
        if let empty = w.form.fields.first(where: { $0.value.trimmed.isEmpty }) {
            flash(&m, "\(empty.label) is empty: fill every field (Tab moves), then press Enter.", error: true)
            return []
        }
        m.testing = id
        m.connection[id] = nil
        return [.saveCredentials(id, w.form.values, thenTest: true)]
    case .test:
        guard let id = w.integrationId else { return [] }
        if m.testing == id { return [] }
        guard m.connection[id]?.ok == true else {
            w.step = .credentials
            return []
        }
        w.step = w.provider == .coursera ? .programs : .done
    case .programs:
        guard let id = w.integrationId else { return [] }
        w.step = .done
        return [.setSelectedPrograms(id, [])]
    case .done:
        w = WizardState()
        m.wizard = nil
        m.stack = [.dashboard]
        return [.loadDashboard]
    }
    return []
}
