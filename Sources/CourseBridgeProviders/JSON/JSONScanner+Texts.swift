import CourseBridgeCore

extension JSONScanner {
    /// An array's texts, as provider lists of names are written: each element's own text (when `bareTexts`) or, for
    /// an object, the text of its `member`. That is what `$0[member]?.string ?? $0.string` gives over the tree (and
    /// `$0[member]?.string` alone when not `bareTexts`). Nil when the next value is not an array.
    mutating func texts(member: StaticString?, bareTexts: Bool = true) throws(JSONSyntaxError) -> [String]? {
        var list: [String] = []
        let isArray = try forEachElement { scanner throws(JSONSyntaxError) in
            guard scanner.nextIsObject() else {
                if bareTexts, let text = try scanner.scalar()?.string { list.append(text) }
                return
            }
            guard let member else { return }
            if let text = try scanner.scalarMember(member)?.string { list.append(text) }
        }
        return isArray ? list : nil
    }
}
