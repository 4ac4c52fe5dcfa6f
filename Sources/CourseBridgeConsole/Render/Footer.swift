import CourseBridgeCore
import Foundation

/// The footer's keys laid out for the terminal's width: full descriptions on one row when they fit, short ones
/// otherwise, on a second row when one is not enough, so no key of the table disappears at 80 columns.
enum FooterLayout {
    struct Item: Equatable {
        var key: String
        var text: String
        /// What a click on the item presses.
        var press: Key? = nil
        var width: Int { CellWidth.of(key) + CellWidth.of(text) + 3 }
    }

    static func items(_ m: ConsoleModel, short: Bool) -> [Item] {
        // Help and quit first, so they lead on any width.
        let all = KeyTable.bindings(for: m.screen).filter { $0.inFooter && !hiddenInReadOnly(m, $0) }
        let ordered = all.filter { $0.action == .help || $0.action == .quit } + all.filter { $0.action != .help && $0.action != .quit }
        return ordered.map { Item(key: $0.label, text: short ? shortHelp($0) : shownHelp(m, $0), press: $0.keys.first) }
    }

    /// Rows of items for `width` columns (one or two); the last item of a full second row becomes "? more".
    static func rows(_ m: ConsoleModel, width: Int) -> [[Item]] {
        let room = width - 2
        let full = items(m, short: false)
        if full.reduce(0, { $0 + $1.width }) <= room { return [full] }
        let short = items(m, short: true)
        var rows: [[Item]] = [[]]
        var used = 0
        for (i, item) in short.enumerated() {
            if used + item.width > room {
                guard rows.count < 2 else {
                    // Still too many: the rest is in the ? overlay.
                    let more = Item(key: "?", text: "more", press: .char("?"))
                    while let last = rows[1].last, used + more.width > room { used -= last.width; rows[1].removeLast() }
                    rows[1].append(more)
                    return rows
                }
                rows.append([])
                used = 0
            }
            rows[rows.count - 1].append(item)
            used += item.width
            _ = i
        }
        return rows
    }

    /// Rows the footer takes beyond its usual one (0 or 1): lists and panels give them up.
    static func extraRows(_ m: ConsoleModel) -> Int { rows(m, width: m.width).count - 1 }

    static func shortHelp(_ b: KeyBinding) -> String {
        switch b.action {
        case .open: "open"
        case .syncNow: "sync"
        case .addIntegration: "new"
        case .history: "history"
        case .stats: "stats"
        case .events: "events"
        case .intake: "intake"
        case .cycleKind: "kind"
        case .replayAll: "replay all"
        case .switchView: "view"
        case .sortNext: "sort"
        case .sortReverse: "reverse"
        case .confirmArchive: "archive"
        case .cancelSync: "cancel"
        case .failedOnly: "failed only"
        case .command: "command"
        case .copy: "copy URL"
        case .copyClientId: "copy id"
        default: String(b.help.split(separator: " ").first ?? "")
        }
    }
}
