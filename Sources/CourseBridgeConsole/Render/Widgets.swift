import CourseBridgeCore

/// Drawing pieces every screen uses: boxes, tables, bars.
struct Column {
    var title: String
    var width: Int
    var right = false
    /// The list is sorted on this column: true descending (▼), false ascending (▲).
    var sortDescending: Bool?
    init(_ title: String, _ width: Int, right: Bool = false, sortDescending: Bool? = nil) {
        self.title = title
        self.width = width
        self.right = right
        self.sortDescending = sortDescending
    }

    /// The title as the header shows it, with the sort marker after it.
    var header: String { title + (sortDescending.map { $0 ? "▼" : "▲" } ?? "") }
}

extension ScreenBuffer {
    mutating func box(x: Int, y: Int, width w: Int, height h: Int, title: String? = nil, style: StyleID = .border, fill: StyleID? = nil) {
        guard w >= 2, h >= 2 else { return }
        if let fill { for row in y..<(y + h) { self.fill(y: row, x: x, width: w, style: fill) } }
        put("┌" + String(repeating: "─", count: w - 2) + "┐", x: x, y: y, style: style)
        for row in (y + 1)..<(y + h - 1) {
            put("│", x: x, y: row, style: style)
            put("│", x: x + w - 1, y: row, style: style)
        }
        put("└" + String(repeating: "─", count: w - 2) + "┘", x: x, y: y + h - 1, style: style)
        if let title { put(" \(title) ", x: x + 2, y: y, style: .header, maxWidth: w - 4) }
    }

    /// Columns: fixed widths, the `flex` one takes what is left. `cells(i)` is nil for a row not loaded yet.
    mutating func table(y: Int, height h: Int, columns: [Column], flex: Int, count: Int, top: Int, selected: Int?,
                        cells: (Int) -> [String]?, style: (Int) -> StyleID = { _ in .normal }) {
        var cols = columns
        // The sorted column widens to keep its marker beside the whole title.
        for i in cols.indices where cols[i].sortDescending != nil && i != flex {
            cols[i].width = max(cols[i].width, CellWidth.of(cols[i].header))
        }
        let fixed = cols.enumerated().filter { $0.offset != flex }.reduce(0) { $0 + $1.element.width } + cols.count
        cols[flex].width = max(4, width - fixed - 1)
        func line(_ values: [String]) -> String {
            zip(cols, values).map { col, v in col.width > 0 ? v.padded(to: col.width, right: col.right) : "" }.joined(separator: " ")
        }
        put(" " + line(cols.map(\.header)), x: 0, y: y, style: .header)
        if count == 0 {
            put("  (nothing to show)", x: 0, y: y + 1, style: .dim)
            return
        }
        for row in 0..<h {
            let i = top + row
            guard i < count else { break }
            let yy = y + 1 + row
            if let values = cells(i) {
                put(" " + line(values), x: 0, y: yy, style: style(i))
            } else {
                put("  …", x: 0, y: yy, style: .dim)
            }
            if i == selected { restyle(y: yy, style: .selected) }
            if selected != nil { hit(x: 0, y: yy, width: width, .row(i)) }
        }
        if count > h {
            let info = " \(min(count, selected.map { $0 + 1 } ?? top + 1))/\(count) "
            put(info, x: width - CellWidth.of(info) - 1, y: y - 1, style: .dim)
        }
    }

    mutating func bar(_ fraction: Double?, x: Int, y: Int, width w: Int, tick: Int) {
        let (full, empty) = Format.bar(fraction, width: w, tick: tick)
        let used = put(full, x: x, y: y, style: .barFull)
        put(empty, x: x + used, y: y, style: .barEmpty)
    }

    /// `label: value` lines; a locked value is marked so read-only fields are obvious.
    @discardableResult
    mutating func field(_ label: String, _ value: String, x: Int, y: Int, labelWidth: Int = 24, right: Int? = nil,
                        style: StyleID = .normal, locked: Bool = false) -> Int {
        put(label.padded(to: labelWidth), x: x, y: y, style: .dim)
        if locked { put("🔒", x: x + labelWidth, y: y, style: .locked) }
        let room = (right ?? width - 1) - x - labelWidth - (locked ? 3 : 0)
        put(value.fitted(to: room), x: x + labelWidth + (locked ? 3 : 0), y: y, style: locked ? .locked : style)
        return y + 1
    }
}
