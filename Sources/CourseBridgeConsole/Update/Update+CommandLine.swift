/// The `:` line: shell-style editing, Up/Down through earlier commands, Tab completes a command's name.
func handleCommandLineKey(_ m: inout ConsoleModel, _ text0: String, _ key: Key) -> [ConsoleEffect] {
    var text = text0
    m.commandMatches = []
    switch key {
    case .esc:
        m.overlay = nil
        return []
    case .enter:
        m.overlay = nil
        let command = text.trimmed
        if !command.isEmpty, m.commandHistory.last != command {
            m.commandHistory.append(command)
            if m.commandHistory.count > CommandLineHistory.limit { m.commandHistory.removeFirst() }
        }
        m.commandRecall = nil
        return runCommand(&m, text)
    case .up:
        guard !m.commandHistory.isEmpty else { return [] }
        let i = max(0, (m.commandRecall ?? m.commandHistory.count) - 1)
        m.commandRecall = i
        text = m.commandHistory[i]
        m.commandCursor = nil
    case .down:
        guard let i = m.commandRecall else { return [] }
        if i + 1 < m.commandHistory.count {
            m.commandRecall = i + 1
            text = m.commandHistory[i + 1]
        } else {
            m.commandRecall = nil
            text = ""
        }
        m.commandCursor = nil
    case .tab:
        text = complete(&m, text)
    default:
        guard TextEditing.apply(key, to: &text, cursor: &m.commandCursor) else { return [] }
    }
    m.overlay = .command(text)
    return []
}

enum CommandLineHistory {
    /// Commands kept for Up/Down (this session only).
    static let limit = 50
    /// The names Tab completes, as `runCommand` knows them (short aliases are not offered).
    static let names = ["dashboard", "courses", "events", "help", "history", "integration", "intake", "new", "quarantine", "quit",
                        "runs", "stats", "sync"]
    /// What the `?` overlay lists under the keys; read-only mode leaves out the commands that change data.
    static func helpEntries(readOnly: Bool) -> [String] {
        var entries: [String] = readOnly ? [] : [":sync ID"]
        entries += [":i ID", ":courses [ID]", ":history [ID]", ":stats", ":quarantine", ":events", ":intake"]
        if !readOnly { entries.append(":new") }
        return entries + [":dash", ":help", ":q"]
    }
}

/// Completes the command's name: a single match is written out with a space after it; several extend the text to
/// what they share and are listed beside the line.
func complete(_ m: inout ConsoleModel, _ text: String) -> String {
    guard !text.contains(" ") else { return text }
    let prefix = text.lowercased()
    let matches = CommandLineHistory.names.filter { $0.hasPrefix(prefix) }
    guard let first = matches.first else {
        m.commandMatches = ["no command starts with \(text)"]
        return text
    }
    m.commandCursor = nil
    if matches.count == 1 { return first + " " }
    var shared = first
    for name in matches.dropFirst() {
        while !name.hasPrefix(shared) { shared.removeLast() }
    }
    m.commandMatches = matches
    return shared.count > text.count ? shared : text
}
