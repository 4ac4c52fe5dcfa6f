/// How many terminal columns a character takes: 0 (combining), 1, or 2 (East Asian wide, emoji).
/// A Swift table, not wcwidth(3), so rendering does not depend on the process locale (tests run in C).
/// The console draws with it and the CLI aligns its tables with it.
public enum CellWidth {
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if scalar.isControlCharacter { return 0 }
        // Bidi overrides and isolates would reorder what follows on terminals that honour them: inert.
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x061C { return 0 }
        if v < 0x300 { return 1 }
        if isCombining(v) { return 0 }
        if isWide(v) { return 2 }
        return 1
    }

    /// A grapheme's width is its first scalar's (combining marks and joiners ride along).
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.count > 1, character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return of(first)
    }

    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    private static func isCombining(_ v: UInt32) -> Bool {
        (0x300...0x36F).contains(v) || (0x483...0x489).contains(v) || (0x591...0x5BD).contains(v)
            || (0x610...0x61A).contains(v) || (0x64B...0x65F).contains(v) || (0x200B...0x200F).contains(v)
            || (0x20D0...0x20FF).contains(v) || (0xFE00...0xFE0F).contains(v) || (0xFE20...0xFE2F).contains(v)
    }

    private static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v) || (0x2600...0x26FF).contains(v) && isEmojiWide(v)
    }

    /// The few symbols in the Miscellaneous block that terminals draw wide (☕, ⚡ …).
    private static func isEmojiWide(_ v: UInt32) -> Bool {
        [0x2614, 0x2615, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26D4, 0x26EA, 0x26F2, 0x26F3, 0x26F5,
         0x26FA, 0x26FD, 0x2648, 0x2649, 0x264A, 0x264B, 0x264C, 0x264D, 0x264E, 0x264F, 0x2650, 0x2651, 0x2652, 0x2653,
         0x267F, 0x2693].contains(v)
    }
}

extension String {
    /// Cut to at most `width` columns; a cut string ends with "…". Wide characters are never split.
    public func fitted(to width: Int) -> String {
        guard width > 0 else { return "" }
        if CellWidth.of(self) <= width { return self }
        var out = ""
        var used = 0
        for ch in self {
            let w = CellWidth.of(ch)
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    /// Cut or padded with spaces to exactly `width` columns.
    public func padded(to width: Int, right: Bool = false) -> String {
        let cut = fitted(to: width)
        let pad = String(repeating: " ", count: max(0, width - CellWidth.of(cut)))
        return right ? pad + cut : cut + pad
    }
}
