import CourseBridgeCore

/// One terminal cell. A wide character occupies its cell and a `continuation` cell to its right.
public struct Cell: Equatable, Sendable {
    public var character: Character
    public var style: StyleID
    public var continuation: Bool

    public static let blank = Cell(character: " ", style: .normal, continuation: false)
}

/// The in-memory grid every screen renders into; only `NcursesTerminal` copies it to the terminal.
public struct ScreenBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// What the cells stand for (rows, keys), for the mouse: see `hit` and `target`.
    public internal(set) var hits: [HitArea] = []

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell { cells[y * width + x] }

    // MARK: - Drawing

    /// Writes `text` at (x, y), clipped to `maxWidth` columns and to the buffer. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: StyleID = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, maxWidth.map { x + $0 } ?? width)
        var col = x
        for ch in text {
            let w = CellWidth.of(ch)
            if w == 0 { continue }
            if col + w > limit { break }
            if col >= 0 {
                clearWide(at: col, y: y)
                cells[y * width + col] = Cell(character: ch, style: style, continuation: false)
                if w == 2 {
                    clearWide(at: col + 1, y: y)
                    cells[y * width + col + 1] = Cell(character: " ", style: style, continuation: true)
                }
            }
            col += w
        }
        return col - x
    }

    /// Writes `text` word-wrapped to `maxWidth` columns on at most `maxLines` rows; a cut last row ends in "…".
    /// Returns the rows used. Error messages say what to do at their end, so they must not be clipped.
    @discardableResult
    public mutating func putWrapped(_ text: String, x: Int, y: Int, style: StyleID = .normal, maxWidth: Int, maxLines: Int = 4) -> Int {
        let rows = Self.wrap(text, width: maxWidth, maxLines: maxLines)
        for (i, row) in rows.enumerated() { put(row, x: x, y: y + i, style: style, maxWidth: maxWidth) }
        return rows.count
    }

    /// `text` in rows of at most `width` columns, broken at spaces (a word longer than a row is cut).
    public static func wrap(_ text: String, width: Int, maxLines: Int = .max) -> [String] {
        guard width > 1 else { return [] }
        var rows: [String] = []
        var row = ""
        var rowWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            var word = String(word)
            let w = CellWidth.of(word)
            if rowWidth > 0, rowWidth + 1 + w > width {
                rows.append(row)
                row = ""
                rowWidth = 0
            }
            if rowWidth > 0 { row += " "; rowWidth += 1 }
            while CellWidth.of(word) > width - rowWidth {   // a very long word: cut it over rows
                let head = String(word.prefix(max(1, width - rowWidth)))
                rows.append(row + head)
                word.removeFirst(head.count)
                row = ""
                rowWidth = 0
            }
            row += word
            rowWidth += CellWidth.of(word)
        }
        if !row.isEmpty || rows.isEmpty { rows.append(row) }
        guard rows.count > maxLines else { return rows }
        var kept = Array(rows.prefix(maxLines))
        let last = kept[maxLines - 1]
        kept[maxLines - 1] = (CellWidth.of(last) >= width ? String(last.dropLast()) : last) + "…"
        return kept
    }

    /// Paints a run of cells with a style (selection bars, title bars) keeping their characters.
    public mutating func fill(y: Int, x: Int = 0, width w: Int? = nil, style: StyleID, character: Character = " ") {
        guard y >= 0, y < height else { return }
        let end = min(width, x + (w ?? width - x))
        guard x < end else { return }
        for col in max(0, x)..<end { cells[y * width + col] = Cell(character: character, style: style, continuation: false) }
    }

    public mutating func restyle(y: Int, x: Int = 0, width w: Int? = nil, style: StyleID) {
        guard y >= 0, y < height else { return }
        let end = min(width, x + (w ?? width - x))
        guard x < end else { return }
        for col in max(0, x)..<end { cells[y * width + col].style = style }
    }

    /// Overwriting half of a wide character blanks the other half so nothing misaligns.
    private mutating func clearWide(at col: Int, y: Int) {
        guard col >= 0, col < width else { return }
        let i = y * width + col
        if cells[i].continuation, col > 0 {
            cells[i - 1] = Cell(character: " ", style: cells[i - 1].style, continuation: false)
        } else if col + 1 < width, cells[i + 1].continuation {
            cells[i + 1] = Cell(character: " ", style: cells[i + 1].style, continuation: false)
        }
        cells[i].continuation = false
    }

    // MARK: - Reading (tests, runs of style for the terminal)

    /// The text of one row as a terminal shows it, trailing spaces trimmed.
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !self[x, y].continuation { s.append(self[x, y].character) }
        while s.last == " " { s.removeLast() }
        return s
    }

    /// The whole screen as text, one line per row: what snapshot tests compare.
    public var text: String { (0..<height).map(line).joined(separator: "\n") }

    /// Runs of same-style cells in a row: (start column, text, style).
    public func runs(row y: Int) -> [(x: Int, text: String, style: StyleID)] {
        var result: [(x: Int, text: String, style: StyleID)] = []
        var start = 0
        var current = ""
        var style: StyleID? = nil
        for x in 0..<width {
            let cell = self[x, y]
            if cell.continuation { continue }
            if cell.style != style {
                if let style, !current.isEmpty { result.append((start, current, style)) }
                start = x
                current = ""
                style = cell.style
            }
            current.append(cell.character)
        }
        if let style, !current.isEmpty { result.append((start, current, style)) }
        return result
    }
}
