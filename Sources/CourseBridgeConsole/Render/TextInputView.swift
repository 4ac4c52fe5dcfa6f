import CourseBridgeCore

extension ScreenBuffer {
    /// A text field's value with its cursor: a block after the last character, or the character under the cursor
    /// shown selected. A value wider than the room scrolls so the cursor stays visible. Returns the cells used.
    @discardableResult
    mutating func input(_ text: String, cursor: Int?, x: Int, y: Int, style: StyleID = .input, cursorStyle: StyleID = .input,
                        maxWidth: Int) -> Int {
        let chars = Array(text)
        let at = min(max(0, cursor ?? chars.count), chars.count)
        var from = 0
        while from < at, CellWidth.of(String(chars[from...])) + 1 > maxWidth { from += 1 }
        let shown = String(chars[from...])
        let used = put(shown, x: x, y: y, style: style, maxWidth: maxWidth)
        let cx = x + CellWidth.of(String(chars[from..<at]))
        if at < chars.count {
            restyle(y: y, x: cx, width: max(1, CellWidth.of(String(chars[at]))), style: .selected)
            return used
        }
        guard cx < x + maxWidth else { return used }
        return used + put("█", x: cx, y: y, style: cursorStyle)
    }
}
