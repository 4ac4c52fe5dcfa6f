/// Case mapping of short provider codes (languages, content types, levels) without the Unicode tables: every item
/// of a listing carries several, and `lowercased()`/`uppercased()` plus a `map` over Characters cost more than the
/// page's scanning. Each function gives exactly what the general expression it replaces gives, and returns nil when
/// the text is not plain ASCII, so the caller falls back to that expression.
enum ASCIICase {
    /// `text.lowercased()` with each `from` byte replaced by `to` (nil: removed); nil unless every byte is ASCII.
    static func lowercased(_ text: String, replacing from: UInt8, with to: UInt8?) -> String? {
        map(text, replacing: from, with: to) { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
    }

    /// `text.uppercased()` with each `from` byte replaced by `to` (nil: removed); nil unless every byte is ASCII.
    static func uppercased(_ text: String, replacing from: UInt8, with to: UInt8?) -> String? {
        map(text, replacing: from, with: to) { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
    }

    /// `text.trimmed.lowercased()` for a text whose first and last bytes are visible ASCII (nothing to trim) and
    /// whose every byte is ASCII; else nil.
    static func untrimmedLowercased(_ text: String, replacing from: UInt8 = 0, with to: UInt8? = 0) -> String? {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last, isVisible(first), isVisible(last) else { return nil }
        return lowercased(text, replacing: from, with: to)
    }

    private static func isVisible(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }

    private static func map(_ text: String, replacing from: UInt8, with to: UInt8?, _ fold: (UInt8) -> UInt8) -> String? {
        var ascii = true
        let result = String(unsafeUninitializedCapacity: text.utf8.count) { buffer in
            var n = 0
            for byte in text.utf8 {
                guard byte < 0x80 else { ascii = false; return 0 }
                if byte == from {
                    guard let to else { continue }
                    buffer[n] = to
                } else {
                    buffer[n] = fold(byte)
                }
                n += 1
            }
            return n
        }
        return ascii ? result : nil
    }
}
