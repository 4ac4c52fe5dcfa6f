import ArgumentParser
import Foundation

/// The version printed by `--version`, `-V` and `version`.
enum CourseBridgeVersion {
    static let current = "1.0.0"
}

/// `coursebridge version`: the same as `--version`, for people who type it as a word.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    func run() throws { print("coursebridge \(CourseBridgeVersion.current)") }
}

/// What the command line asks for before ArgumentParser sees it. The console is the default subcommand, so without
/// this a typo (`coursebridge syncc 1`) or `-V` reached the console's parser and printed the console's usage.
enum CommandTriage {
    /// Options that take a value at the top level (the global `--db` and the default console's): their value is not
    /// a command name.
    static let valueOptions: Set<String> = ["--db", "--theme", "--log", "--public-url", "--as"]

    /// `-V` / `--version` as the only request (after any `--db PATH`).
    static func asksForVersion(_ arguments: [String]) -> Bool {
        let words = positionalsAndFlags(arguments)
        return words == ["-V"] || words == ["--version"]
    }

    /// "unknown command 'syncc'; did you mean 'sync'? see coursebridge --help" when a word where a (sub)command name
    /// belongs names none; nil when the command words are all known (the parser's own error then applies).
    static func unknownCommand(_ arguments: [String], root: any ParsableCommand.Type = CourseBridgeCommand.self) -> String? {
        var command = root
        var path: [String] = []
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            if valueOptions.contains(word) { i += 2; continue }
            if word.hasPrefix("-") { i += 1; continue }
            let children = command.configuration.subcommands
            guard !children.isEmpty else { return nil }      // a leaf: the rest are its arguments
            if path.isEmpty, word == "help" { return nil }   // ArgumentParser's `help [COMMAND]`
            if let child = children.first(where: { names($0).contains(word) }) {
                command = child
                path.append(word)
                i += 1
                continue
            }
            // A group below the root with a default subcommand passes it the word (the root's console takes none).
            if !path.isEmpty, command.configuration.defaultSubcommand != nil { return nil }
            let known = children.flatMap(names)
            let prefix = path.map { $0 + " " }.joined()
            let typed = prefix + word
            let help = "see coursebridge \(prefix)--help"
            if let guess = suggestion(for: word, among: known) {
                return "unknown command '\(Output.inert(typed))'; did you mean '\(prefix)\(guess)'? \(help)"
            }
            return "unknown command '\(Output.inert(typed))'; \(help) for the commands"
        }
        return nil
    }

    private static func names(_ command: any ParsableCommand.Type) -> [String] {
        [command._commandName] + command.configuration.aliases
    }

    private static func positionalsAndFlags(_ arguments: [String]) -> [String] {
        var words: [String] = []
        var i = 0
        while i < arguments.count {
            if arguments[i] == "--db" { i += 2; continue }
            if arguments[i].hasPrefix("--db=") { i += 1; continue }
            words.append(arguments[i])
            i += 1
        }
        return words
    }

    /// The closest known name: a prefix of it, or at most two edits away (`syncc`, `intgration`, `stat`).
    static func suggestion(for word: String, among known: [String]) -> String? {
        let w = word.lowercased()
        if w.count >= 2, let prefixed = known.first(where: { $0.hasPrefix(w) }) { return prefixed }
        let scored = known.map { ($0, editDistance(w, $0)) }.filter { $0.1 <= min(2, max(1, $0.0.count / 3)) }
        return scored.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var twoBack = Array(0...b.count)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                var best = min(previous[j] + 1, current[j - 1] + 1, substitution)
                // A swap of two neighbours (`snyc`) is one edit.
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { best = min(best, twoBack[j - 2] + 1) }
                current[j] = best
            }
            twoBack = previous
            previous = current
        }
        return previous[b.count]
    }
}
