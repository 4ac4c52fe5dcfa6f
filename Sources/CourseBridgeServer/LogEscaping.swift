/// Makes text a sender controls inert in a log line: one line stays one line, and no terminal reading the
/// log (tail -f, less -R) acts on escape sequences. Newline, return and tab become `\n`, `\r`, `\t`; other
/// control characters (C0, DEL, C1), line/paragraph separators and bidi overrides become `\u001b` and
/// the like; a backslash is doubled so an escaped text cannot pass for a real one.
public enum LogEscaping {
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            case _ where needsEscape(scalar):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x5C: true                   // C0, DEL, C1, backslash
        case 0x2028, 0x2029, 0x200E, 0x200F, 0x061C: true           // separators, direction marks
        case 0x202A...0x202E, 0x2066...0x2069: true                 // bidi embeddings, overrides, isolates
        default: false
        }
    }
}
