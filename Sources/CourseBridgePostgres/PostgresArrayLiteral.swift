/// PostgreSQL's text form of an array (`{"a",NULL,"b\"c"}`), for columns with NULLs: postgres-nio binds arrays of
/// non-optional values only. Bound as text and cast in SQL (`$1::text[]`, `$1::bigint[]`), it lets a multi-row
/// write keep one fixed statement (`unnest` of arrays) instead of a VALUES list whose size changes with the page:
/// PostgreSQL parsed and bound that list anew for every page (~1.4 ms each, of ~8 ms).
enum PostgresArrayLiteral {
    /// Every element quoted, so no value can read as NULL or break the list; `"` and `\` escaped.
    static func text(_ values: some Sequence<String?>) -> String {
        var out = "{"
        var first = true
        for value in values {
            if !first { out.append(",") }
            first = false
            guard let value else {
                out.append("NULL")
                continue
            }
            out.append("\"")
            for character in value.unicodeScalars {
                if character == "\"" || character == "\\" { out.append("\\") }
                out.unicodeScalars.append(character)
            }
            out.append("\"")
        }
        out.append("}")
        return out
    }

    static func integers(_ values: some Sequence<Int64?>) -> String {
        "{" + values.map { $0.map(String.init) ?? "NULL" }.joined(separator: ",") + "}"
    }

    /// Swift prints the shortest text that reads back as the same Double, and PostgreSQL reads it exactly.
    static func doubles(_ values: some Sequence<Double?>) -> String {
        "{" + values.map { $0.map { "\($0)" } ?? "NULL" }.joined(separator: ",") + "}"
    }
}
