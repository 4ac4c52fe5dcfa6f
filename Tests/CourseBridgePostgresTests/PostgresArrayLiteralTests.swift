import Testing
@testable import CourseBridgePostgres

/// Needs no server: the text form itself.
struct PostgresArrayLiteralFormTests {
    @Test(arguments: [
        ([], "{}"),
        ([nil], "{NULL}"),
        (["NULL", ""], #"{"NULL",""}"#),
        ([#"say "hi""#, #"C:\dir"#, "a,b", "{x}"], #"{"say \"hi\"","C:\\dir","a,b","{x}"}"#),
    ] as [([String?], String)])
    func textArrays(values: [String?], literal: String) {
        #expect(PostgresArrayLiteral.text(values) == literal)
    }

    @Test func numbers() {
        #expect(PostgresArrayLiteral.integers([1, nil, -7]) == "{1,NULL,-7}")
        #expect(PostgresArrayLiteral.doubles([1_800_000_000.123, nil]) == "{1800000000.123,NULL}")
    }
}

/// What PostgreSQL reads back is exactly what was written: a course's title or URL with quotes, backslashes, commas,
/// braces, the word NULL or accents is stored as the provider sent it.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct PostgresArrayLiteralTests {
    @Test func textReadsBackUnchanged() throws {
        let values: [String?] = ["plain", nil, "NULL", "", #"say "hi""#, #"C:\dir\"#, "a,b", "{x}", " spaced ", "Café – 東京 🎨",
                                 "line\nbreak\ttab"]
        try TestDatabase.withFreshSchema(size: 1) { pool in
            let rows = try pool.query("SELECT v FROM unnest($1::text::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n",
                                      [PostgresArrayLiteral.text(values)])
            #expect(try rows.map { try $0.decode(index: 0, as: String?.self) } == values)
        }
    }

    @Test func numbersReadBackUnchanged() throws {
        let integers: [Int64?] = [0, nil, Int64.max, Int64.min]
        let doubles: [Double?] = [1_765_000_000.123456, nil, 0.1, -2.5e-7, 1e300]
        try TestDatabase.withFreshSchema(size: 1) { pool in
            let i = try pool.query("SELECT v FROM unnest($1::text::bigint[]) WITH ORDINALITY AS t(v, n) ORDER BY n",
                                   [PostgresArrayLiteral.integers(integers)])
            #expect(try i.map { try $0.decode(index: 0, as: Int64?.self) } == integers)
            let d = try pool.query("SELECT v FROM unnest($1::text::double precision[]) WITH ORDINALITY AS t(v, n) ORDER BY n",
                                   [PostgresArrayLiteral.doubles(doubles)])
            #expect(try d.map { try $0.decode(index: 0, as: Double?.self) } == doubles)
        }
    }
}
