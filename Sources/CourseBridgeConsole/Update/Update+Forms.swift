/// Text typed into the focused field. Returns false for keys the screen's table handles.
func handleFormTyping(_ m: inout ConsoleModel, _ key: Key) -> Bool {
    guard var f = m.form, f.fields.indices.contains(f.focus) else { return false }
    switch key {
    case .char(let c):
        if m.readOnly {
            flash(&m, "Read-only mode: fields cannot be changed.", error: true)
            return true
        }
        f.fields[f.focus].value.append(c)
    case .backspace:
        guard !m.readOnly else { return true }
        f.fields[f.focus].value = String(f.fields[f.focus].value.dropLast())
    case .ctrl("u"):
        guard !m.readOnly else { return true }
        f.fields[f.focus].value = ""
    default:
        return false
    }
    f.dirty = true
    m.form = f
    return true
}
