/// Line editing shared by every text field (forms, the wizard's credentials, the `/` filter, the `:` line, the
/// export path), so the same keys work everywhere as in a shell: ←/→, Home/End (Ctrl-A/Ctrl-E), Backspace/Del,
/// Ctrl-U clears to the start, Ctrl-W deletes the previous word, Ctrl-K clears to the end.
enum TextEditing {
    /// Applies `key` to `text`. `cursor` counts characters from the start; nil is "at the end", so a value set from
    /// outside (loaded credentials, a recalled command) keeps the cursor after its last character.
    /// Returns false for keys that do not edit text (the caller handles them).
    static func apply(_ key: Key, to text: inout String, cursor: inout Int?) -> Bool {
        var chars = Array(text)
        var at = min(max(0, cursor ?? chars.count), chars.count)
        switch key {
        case .char(let c):
            chars.insert(c, at: at)
            at += 1
        case .backspace:
            guard at > 0 else { return true }
            chars.remove(at: at - 1)
            at -= 1
        case .delete, .ctrl("d"):
            guard at < chars.count else { return true }
            chars.remove(at: at)
        case .left, .ctrl("b"): at = max(0, at - 1)
        case .right, .ctrl("f"): at = min(chars.count, at + 1)
        case .home, .ctrl("a"): at = 0
        case .end, .ctrl("e"): at = chars.count
        case .ctrl("u"):
            chars.removeSubrange(0..<at)
            at = 0
        case .ctrl("k"):
            chars.removeSubrange(at..<chars.count)
        case .ctrl("w"):
            var start = at
            while start > 0, chars[start - 1].isWhitespace { start -= 1 }
            while start > 0, !chars[start - 1].isWhitespace { start -= 1 }
            chars.removeSubrange(start..<at)
            at = start
        default:
            return false
        }
        text = String(chars)
        cursor = at == chars.count ? nil : at
        return true
    }

    /// Whether `key` changes the text (as opposed to moving the cursor): such keys mark a form dirty.
    static func changesText(_ key: Key) -> Bool {
        switch key {
        case .left, .right, .home, .end, .ctrl("a"), .ctrl("e"), .ctrl("b"), .ctrl("f"): false
        default: true
        }
    }
}
