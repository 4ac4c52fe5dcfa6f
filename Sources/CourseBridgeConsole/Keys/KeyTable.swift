/// What a key does on a screen. One table per screen drives the handling, the `?` overlay and the footer.
public enum Action: Equatable, Sendable {
    case up, down, pageUp, pageDown, top, bottom
    case open, back, filter, command, refresh, quit, help
    case syncNow, cancelSync, confirmArchive, addIntegration, courses, history, stats, quarantine, settings
    case reveal, rotate, cycleMode, toggle, testConnection, save, export, replay, replayAll
    case sortNext, sortReverse, switchView, nextField, prevField
    case events, intake, cycleKind, failedOnly
    case deleteIntegration, copy, copyClientId
}

public struct KeyBinding: Equatable, Sendable {
    public var keys: [Key]
    public var action: Action
    public var help: String
    /// Shown in the footer (the overlay shows all).
    public var inFooter: Bool
    /// Refused with a flash in `--read-only` mode.
    public var changesData: Bool

    init(_ keys: [Key], _ action: Action, _ help: String, footer: Bool = true, changes: Bool = false) {
        self.keys = keys
        self.action = action
        self.help = help
        self.inFooter = footer
        self.changesData = changes
    }

    public var label: String { keys.map(\.label).joined(separator: "/") }
}

public enum KeyTable {
    // MARK: - Shared rows

    static let listMoves: [KeyBinding] = [
        KeyBinding([.up, .char("k")], .up, "move up", footer: false),
        KeyBinding([.down, .char("j")], .down, "move down", footer: false),
        KeyBinding([.pageUp], .pageUp, "page up", footer: false),
        KeyBinding([.pageDown], .pageDown, "page down", footer: false),
        KeyBinding([.home, .char("g")], .top, "first row", footer: false),
        KeyBinding([.end, .char("G")], .bottom, "last row", footer: false),
        KeyBinding([.char("/")], .filter, "filter this list"),
    ]

    static let common: [KeyBinding] = [
        KeyBinding([.char("r")], .refresh, "refresh", footer: false),
        KeyBinding([.char(":")], .command, "command line"),
        KeyBinding([.char("?")], .help, "help"),
        KeyBinding([.esc], .back, "back (clears a filter first)", footer: false),
        KeyBinding([.char("q")], .quit, "quit"),
    ]

    static let formMoves: [KeyBinding] = [
        KeyBinding([.tab, .down], .nextField, "next field", footer: false),
        KeyBinding([.backTab, .up], .prevField, "previous field", footer: false),
        KeyBinding([.f(1)], .help, "help"),
        KeyBinding([.esc], .back, "back without saving"),
    ]

    // MARK: - Per screen

    public static func bindings(for screen: ScreenKind) -> [KeyBinding] {
        switch screen {
        case .dashboard:
            return listMoves + [
                KeyBinding([.enter], .open, "integration settings"),
                KeyBinding([.char("s")], .syncNow, "sync now", changes: true),
                KeyBinding([.char("a")], .addIntegration, "new integration (wizard)", changes: true),
                KeyBinding([.char("c")], .courses, "courses"),
                KeyBinding([.char("h")], .history, "sync history"),
                KeyBinding([.char("l")], .stats, "learner statistics"),
                KeyBinding([.char("x")], .quarantine, "quarantine"),
                KeyBinding([.char("e")], .events, "event log"),
                KeyBinding([.char("i")], .intake, "live intake"),
                KeyBinding([.char("D")], .deleteIntegration, "delete an integration never synced", footer: false, changes: true),
            ] + common
        case .integration:
            return listMoves.filter { $0.action != .filter } + [
                KeyBinding([.enter, .char(" ")], .open, "open or change the setting"),
                KeyBinding([.char("s")], .syncNow, "sync now", changes: true),
                KeyBinding([.char("D")], .deleteIntegration, "delete (only if never synced)", footer: false, changes: true),
                KeyBinding([.char("y")], .copy, "copy the statements URL (pushing providers)", footer: false),
                KeyBinding([.char("Y")], .copyClientId, "copy the webhook client id", footer: false),
            ] + common
        case .credentials:
            return formMoves + [
                KeyBinding([.enter], .save, "save", changes: true),
                KeyBinding([.ctrl("t")], .testConnection, "TEST CONNECTION (saves first)"),
                KeyBinding([.ctrl("r")], .reveal, "reveal or hide secrets"),
            ]
        case .schedule:
            return formMoves + [KeyBinding([.enter], .save, "save", changes: true)]
        case .courseDetail:
            return formMoves + [KeyBinding([.enter], .save, "save skills and manual tags", changes: true)]
        case .webhook:
            return [
                KeyBinding([.char("v")], .reveal, "reveal or hide the secret"),
                KeyBinding([.char("R")], .rotate, "rotate the secret", changes: true),
                KeyBinding([.char("m")], .cycleMode, "next learner identification mode", changes: true),
                KeyBinding([.char("y")], .copy, "copy the statements URL"),
                KeyBinding([.char("Y")], .copyClientId, "copy the client id"),
            ] + common
        case .filters:
            return listMoves.filter { $0.action != .filter } + [
                KeyBinding([.char(" ")], .toggle, "select or unselect"),
                KeyBinding([.enter], .save, "save (asks when courses would be archived)", changes: true),
            ] + common
        case .sync:
            return [
                KeyBinding([.char("s")], .syncNow, "start again", changes: true),
                KeyBinding([.char("c")], .cancelSync, "cancel the run (nothing is archived)"),
                KeyBinding([.char("A")], .confirmArchive, "confirm a held mass archive", changes: true),
                KeyBinding([.char("h")], .history, "history"),
            ] + common
        case .history:
            return listMoves + [KeyBinding([.enter], .open, "run detail and errors"),
                                KeyBinding([.char("f")], .failedOnly, "failed runs only / all runs")] + common
        case .runDetail:
            return listMoves.filter { $0.action != .filter } + common
        case .courses:
            return listMoves + [KeyBinding([.enter], .open, "course detail")] + common
        case .stats:
            return listMoves + [
                KeyBinding([.tab], .switchView, "per course / per learner"),
                KeyBinding([.char("o")], .sortNext, "sort by next column"),
                KeyBinding([.char("O")], .sortReverse, "reverse the sort"),
                KeyBinding([.char("e")], .export, "export CSV"),
            ] + common
        case .quarantine:
            return listMoves + [
                KeyBinding([.char("p")], .replay, "replay the selected statement", changes: true),
                KeyBinding([.char("P")], .replayAll, "replay all", changes: true),
            ] + common
        case .events:
            return listMoves + [KeyBinding([.char("t")], .cycleKind, "kind filter (next kind)")] + common
        case .intake:
            return [KeyBinding([.char("e")], .events, "event log"), KeyBinding([.char("x")], .quarantine, "quarantine"),
                    KeyBinding([.char("y")], .copy, "copy the public URL")] + common
        case .wizard:
            return listMoves.filter { $0.action != .filter } + [
                KeyBinding([.enter], .open, "choose / next"),
                KeyBinding([.tab], .nextField, "next field", footer: false),
                KeyBinding([.backTab], .prevField, "previous field", footer: false),
                KeyBinding([.ctrl("r")], .reveal, "reveal or hide secrets", footer: false),
                KeyBinding([.char("S")], .save, "save anyway after a failed TEST CONNECTION", footer: false, changes: true),
                KeyBinding([.f(1)], .help, "help"),
                KeyBinding([.esc], .back, "previous step / leave"),
            ]
        }
    }

    public static func binding(for key: Key, on screen: ScreenKind) -> KeyBinding? {
        bindings(for: screen).first { $0.keys.contains(key) }
    }
}
