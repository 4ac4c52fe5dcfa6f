import Testing
@testable import CourseBridgePostgres

/// Needs no server: what a person types becomes a tsquery they cannot inject operators into.
struct PostgresSearchQueryTests {
    @Test func everyWordMustMatchAndTheLastIsAPrefix() {
        #expect(PostgresSearch.tsQuery("Leadership for manag") == "'Leadership' & 'for' & 'manag':*")
        #expect(PostgresSearch.tsQuery("  ") == nil)
        #expect(PostgresSearch.tsQuery("a|b & !c <-> d:*") == "'a' & 'b' & 'c' & 'd':*")
    }
}

@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct PostgresSearchTests {
    private func search(_ pool: PostgresPool, _ text: String) throws -> [String] {
        _ = try pool.query(PostgresSearch.refreshSQL)
        let ranked = PostgresSearch.rankedIdsSQL()
        let rows = try pool.query("SELECT c.provider_id FROM (\(ranked)) r JOIN course c ON c.id = r.id ORDER BY r.score DESC, r.id",
                                  [PostgresSearch.tsQuery(text), nil, Int64(0)])
        return try rows.map { try $0.decode(column: "provider_id", as: String.self) }
    }

    private func course(_ pool: PostgresPool, _ id: String, title: String, description: String = "") throws -> Int64 {
        let rows = try pool.query("""
            INSERT INTO course (provider, provider_id, title, description, created_at, updated_at)
            VALUES ('edx', $1, $2, $3, 0, 0) RETURNING id
            """, [id, title, description])
        return try rows[0].decode(column: "id", as: Int64.self)
    }

    @Test func titleOutranksTagsWhichOutrankDescription() throws {
        try TestDatabase.withSchema { pool in
            _ = try course(pool, "in-description", title: "Working together", description: "negotiation for everyone")
            let tagged = try course(pool, "in-tag", title: "Deals")
            try pool.execute("INSERT INTO course_tag VALUES ($1, 'negotiation', 'synced')", [tagged])
            _ = try course(pool, "in-title", title: "Negotiation basics")
            _ = try course(pool, "elsewhere", title: "Python")
            #expect(try search(pool, "negotiation") == ["in-title", "in-tag", "in-description"])
        }
    }

    @Test func findsByPrefixStemAndWithoutAccents() throws {
        try TestDatabase.withSchema { pool in
            _ = try course(pool, "lead", title: "Leading teams")
            _ = try course(pool, "cafe", title: "Café management")
            #expect(try search(pool, "lead") == ["lead"])       // prefix of the last word
            #expect(try search(pool, "leads team") == ["lead"]) // stems: leads ~ leading, team ~ teams
            #expect(try search(pool, "cafe") == ["cafe"])       // accents removed
        }
    }

    @Test func theIndexFollowsEditsTagsAndDeletes() throws {
        try TestDatabase.withSchema { pool in
            let id = try course(pool, "c", title: "Spreadsheets")
            #expect(try search(pool, "spreadsheets") == ["c"])
            try pool.execute("UPDATE course SET title = 'Budgets' WHERE id = $1", [id])
            #expect(try search(pool, "spreadsheets").isEmpty)
            try pool.execute("INSERT INTO course_skill VALUES ($1, 'forecasting')", [id])
            #expect(try search(pool, "forecast") == ["c"])
            try pool.execute("DELETE FROM course_skill WHERE course_id = $1", [id])
            #expect(try search(pool, "forecast").isEmpty)
            try pool.execute("DELETE FROM course WHERE id = $1", [id])
            #expect(try search(pool, "budgets").isEmpty)
            // Nothing left to do: a refresh after a refresh is one probe.
            #expect(try pool.query(PostgresSearch.isBehindSQL).first?.decode(index: 0, as: Bool.self) == false)
        }
    }
}
