import Testing
@testable import CourseBridgePostgres

/// Every rule the SQLite schema enforces holds on PostgreSQL, and a broken unique rule is told apart as such.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct PostgresSchemaRulesTests {
    private func seed(_ db: some PostgresQuerying) throws {
        // Ids from the identity columns (1, 2 and 1): an explicit id would not advance them.
        try db.execute(#"INSERT INTO "group" (name, created_at) VALUES ('Org', 0), ('Team', 0)"#, [])
        try db.execute(#"INSERT INTO "user" (email, created_at) VALUES ('admin@example.com', 0)"#, [])
    }

    private func addIntegration(_ db: some PostgresQuerying, id: Int64, provider: String = "edx", group: Int64 = 1,
                                state: String = "active") throws {
        try db.execute("""
            INSERT INTO integration (id, provider, group_id, author_user_id, api_base, schedule_time, schedule_tz,
                                     state, configured_at, created_at)
            VALUES ($1, $2, $3, 1, 'https://api', '02:00', 'UTC', $4, 0, 0)
            """, [id, provider, group, state])
    }

    @Test func oneUserPerEmailWhateverItsCase() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            let constraint = TestDatabase.expectUniqueViolation {
                try pool.execute(#"INSERT INTO "user" (email, created_at) VALUES ('Admin@Example.COM', 0)"#)
            }
            #expect(constraint == "user_email_unique")
            // And a lookup by any case finds the one user (through the same index).
            let found = try pool.query(#"SELECT id FROM "user" WHERE lower(email) = lower($1)"#, ["ADMIN@example.com"])
            #expect(found.count == 1)
        }
    }

    @Test func oneActiveIntegrationPerProviderPerGroup() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            try addIntegration(pool, id: 1)
            TestDatabase.expectUniqueViolation { try addIntegration(pool, id: 2) }
            // Another group, another provider, or a deactivated one are all fine.
            try addIntegration(pool, id: 3, group: 2)
            try addIntegration(pool, id: 4, provider: "coursera")
            try addIntegration(pool, id: 5, state: "deactivated")
            // Reactivating the deactivated one while another is active is refused too.
            TestDatabase.expectUniqueViolation { try pool.execute("UPDATE integration SET state = 'active' WHERE id = 5") }
        }
    }

    @Test func oneCoursePerProviderAndProviderId() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            try addIntegration(pool, id: 1)
            let insert = """
                INSERT INTO course (integration_id, provider, provider_id, title, created_at, updated_at)
                VALUES (1, $1, $2, 'A course', 0, 0)
                """
            try pool.execute(insert, ["edx", "course-v1:X"])
            try pool.execute(insert, ["coursera", "course-v1:X"])
            let constraint = TestDatabase.expectUniqueViolation { try pool.execute(insert, ["edx", "course-v1:X"]) }
            #expect(constraint == "course_unique_provider_id")
        }
    }

    @Test func aStatementIdIsStoredOncePerIntegration() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            try addIntegration(pool, id: 1)
            try addIntegration(pool, id: 2, provider: "linkedin")
            let insert = """
                INSERT INTO statement (integration_id, statement_id, received_at, body, content_hash, outcome)
                VALUES ($1, $2, 0, '{}', 'h', 'pending')
                """
            try pool.execute(insert, [Int64(1), "6f1c-…"])
            try pool.execute(insert, [Int64(2), "6f1c-…"])
            let constraint = TestDatabase.expectUniqueViolation { try pool.execute(insert, [Int64(1), "6f1c-…"]) }
            #expect(constraint == "statement_unique_id")
            // What an instance does with a statement id another instance stored: nothing, and it learns so.
            let stored = try pool.execute(insert + " ON CONFLICT (integration_id, statement_id) DO NOTHING", [Int64(1), "6f1c-…"])
            #expect(stored == 0)
        }
    }

    @Test func otherUniqueRules() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            try pool.execute(#"UPDATE "user" SET username = 'ada' WHERE id = 1"#)
            TestDatabase.expectUniqueViolation {
                try pool.execute(#"INSERT INTO "user" (email, username, created_at) VALUES ('b@example.com', 'ada', 0)"#)
            }
            try addIntegration(pool, id: 1)
            try pool.execute("UPDATE integration SET webhook_client_id = 'client' WHERE id = 1")
            try addIntegration(pool, id: 2, provider: "skillsoft")
            TestDatabase.expectUniqueViolation {
                try pool.execute("UPDATE integration SET webhook_client_id = 'client' WHERE id = 2")
            }
        }
    }

    @Test func checksAndForeignKeysAreEnforced() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            #expect(throws: PostgresAccessError.self) {
                try pool.execute(#"INSERT INTO "user" (email, created_at) VALUES ('not-an-email', 0)"#)
            }
            do {
                try addIntegration(pool, id: 1, provider: "udemy")
                Issue.record("an unknown provider was accepted")
            } catch let PostgresAccessError.checkViolation(constraint, _) {
                #expect(constraint == "integration_provider_check")
            }
            do {
                try addIntegration(pool, id: 1, group: 99)
                Issue.record("an integration of a missing group was accepted")
            } catch PostgresAccessError.foreignKeyViolation {}
            #expect(throws: PostgresAccessError.self) {
                try pool.execute(#"INSERT INTO "group" (name, created_at) VALUES ('  ', 0)"#)
            }
            #expect(throws: PostgresAccessError.self) {
                try pool.execute("INSERT INTO launch_key (id, key_sealed, created_at) VALUES (2, '\\x00', 0)")
            }
        }
    }
}
