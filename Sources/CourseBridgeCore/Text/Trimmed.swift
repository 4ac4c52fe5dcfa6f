/// Trimming without Foundation: `trimmingCharacters(in:)` bridges through NSString on Linux, and a catalog
/// sync trims every field of every item (it was a tenth of a 100,000-item sync's time).
extension StringProtocol {
    /// The text without leading and trailing white space or line breaks (Unicode White_Space).
    public var trimmed: String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        if start == scalars.startIndex, end == scalars.endIndex { return String(self) }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}

@inline(__always)
private func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v < 0x80 { return v == 0x20 || (0x09...0x0D).contains(v) }
    return scalar.properties.isWhitespace
}
