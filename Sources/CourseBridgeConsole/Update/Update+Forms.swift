/// Text typed into the focused field. Returns false for keys the screen's table handles.
func handleFormTyping(_ m: inout ConsoleModel, _ key: Key) -> Bool {
    guard var f = m.form, f.fields.indices.contains(f.focus) else { return false }
    var field = f.fields[f.focus]
    var probe = field.value, probeCursor = field.cursor
    guard TextEditing.apply(key, to: &probe, cursor: &probeCursor) else { return false }
    if m.readOnly && TextEditing.changesText(key) {
        if case .char = key { flash(&m, "Read-only mode: fields cannot be changed.", error: true) }
        return true
    }
    field.value = probe
    field.cursor = probeCursor
    f.fields[f.focus] = field
    if TextEditing.changesText(key) { f.dirty = true }
    m.form = f
    return true
}

/// Esc on a form with unsaved edits asks first (Cancel focused); without edits it leaves at once.
func leaveForm(_ m: inout ConsoleModel) -> [ConsoleEffect] {
    guard m.form?.dirty == true, !m.readOnly else { return goBack(&m) }
    m.overlay = .confirm(Confirm(
        title: "Discard your changes?",
        lines: ["\(m.screen.title) has edits that are not saved.",
                "Discard them and leave, or Cancel to go on editing (Enter saves)."],
        confirmLabel: "Discard", onConfirm: [], discardsForm: true))
    return []
}
