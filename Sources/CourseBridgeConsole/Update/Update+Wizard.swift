import CourseBridgeCore

func openWizard(_ m: inout ConsoleModel) -> [ConsoleEffect] {
    // Refused up front (the services refuse too): a wizard that cannot finish wastes the administrator's time.
    if let actor = m.actor, let refusal = AdminPermissions.check(.integration(.create, integrationId: nil), by: actor) {
        flash(&m, refusal.description.replacingOccurrences(of: "run the command as one with --as EMAIL",
                                                           with: "restart the console as one with --as EMAIL"), error: true)
        return []
    }
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
        default:
            var field = w.form.fields[w.form.focus]
            if TextEditing.apply(key, to: &field.value, cursor: &field.cursor) {
                w.form.fields[w.form.focus] = field
                if TextEditing.changesText(key) { w.form.dirty = true }
                m.wizard = w
                return []
            }
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
        // Esc walks back one step (as the footer says); nothing is stored before the last step, so nothing is left behind.
        if m.flash?.isError == true { m.flash = nil }
        switch w.step {
        case .provider where w.form.fields.contains { !$0.value.isEmpty }:
            // Credentials typed before going back: leaving the wizard drops them, so ask first.
            m.overlay = .confirm(Confirm(
                title: "Leave the wizard?",
                lines: ["The credentials you typed are not saved: nothing is stored before the last step.",
                        "Leave and discard them, or Cancel to stay."],
                confirmLabel: "Leave", onConfirm: [], discardsForm: true))
            return []
        case .provider, .done:
            m.wizard = nil
            return goBack(&m)
        case .test:
            w.step = .credentials
            w.testing = false
            w.outcome = nil
        case .programs:
            w.step = .test
        default:
            w.step = WizardState.Step(rawValue: w.step.rawValue - 1) ?? .provider
        }
        w.cursor = 0
        m.wizard = w
        return []
    case .save:
        // "Save anyway" after a failed TEST CONNECTION (the provider may be down; the credentials can be fixed later).
        guard w.step == .test, !w.testing, w.outcome?.ok == false else { return [] }
        return finishWizard(&m, w)
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
        guard let groups = w.options?.groups, groups.indices.contains(w.cursor), let provider = w.provider else { return [] }
        let chosen = groups[w.cursor].group
        if let id = chosen.id, w.options?.activeProviders[id]?.contains(provider) == true {
            flash(&m, "\(chosen.name) already has an active \(provider.displayName) integration (a group has one per provider): "
                + "choose another group, or deactivate that one first.", error: true)
            return []
        }
        if m.flash?.isError == true { m.flash = nil }
        if w.groupId != chosen.id { w.authorEmail = nil }
        w.groupId = chosen.id
        w.step = .author
        w.cursor = 0
    case .author:
        guard let authors = w.options?.authors(for: w.groupId), authors.indices.contains(w.cursor) else { return [] }
        w.authorEmail = authors[w.cursor].email
        w.step = .credentials
        w.cursor = 0
        if w.form.fields.isEmpty {
            w.form = FormState(fields: (w.provider ?? .linkedin).credentialFields.map {
                FormField(key: $0.key, label: $0.label, isSecret: $0.isSecret)
            })
        }
    case .credentials:
        guard let provider = w.provider else { return [] }
        if let empty = w.form.fields.first(where: { $0.value.trimmed.isEmpty }) {
            flash(&m, "\(empty.label) is empty: fill every field (Tab moves), then press Enter.", error: true)
            return []
        }
        w.step = .test
        w.testing = true
        w.outcome = nil
        return [.testWizardCredentials(provider, w.form.values)]
    case .test:
        if w.testing { return [] }
        guard w.outcome?.ok == true else {
            w.step = .credentials
            w.outcome = nil
            return []
        }
        if w.provider == .coursera {
            w.step = .programs
            return []
        }
        return finishWizard(&m, w)
    case .programs:
        return finishWizard(&m, w)
    case .done:
        w = WizardState()
        m.wizard = nil
        m.stack = [.dashboard]
        return [.loadDashboard]
    }
    return []
}

/// The only step that stores anything: the integration with its credentials (and Coursera's programs: all).
func finishWizard(_ m: inout ConsoleModel, _ w: WizardState) -> [ConsoleEffect] {
    guard let provider = w.provider, let group = w.groupId, let author = w.authorEmail else { return [] }
    m.wizard = w
    return [.finishWizard(provider, groupId: group, authorEmail: author, credentials: w.form.values,
                          programs: provider == .coursera ? [] : nil)]
}
