import GRDB

/// Schema v16: a version for what makes a webhook token valid, as PostgreSQL has had since its v13.
///
/// Every statement request read its token and integration from a pool reader: ~13 % of `serve`'s CPU under single
/// statements, most of it GRDB's reader checkout and SQLite re-reading pages the last commit changed. The store
/// now keeps the answers (`WebhookTokenCache`) while `webhook_token_version` stays as it was last read. Whatever
/// can make a kept answer wrong moves the version in the writer's own transaction, from any process: a token
/// removed or changed (a new webhook secret removes the integration's tokens), an integration changed
/// (deactivated, reconfigured) or removed. A new token does not: it is asked for the first time anyway. Row
/// triggers fire only for rows changed, so the expired tokens' cleanup before each new token moves nothing when
/// it removes none.
enum WebhookTokenVersion {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE webhook_token_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
            INSERT INTO webhook_token_version(id, version) VALUES (1, 0);
            """)
        for table in ["webhook_token", "integration"] {
            for event in ["UPDATE", "DELETE"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_token_version_\(event.lowercased()) AFTER \(event) ON \(table) BEGIN
                        UPDATE webhook_token_version SET version = version + 1 WHERE id = 1;
                    END
                    """)
            }
        }
    }

    /// The version in `db`'s snapshot (read without building a row: the commit thread asks once per group).
    static func read(_ db: Database) throws -> Int64 {
        try db.cachedStatement(sql: "SELECT version FROM webhook_token_version WHERE id = 1").firstInt64Direct { _ in } ?? 0
    }
}
