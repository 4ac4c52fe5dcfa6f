extension PostgresTables {
    // MARK: - v13: a version for what makes a webhook token valid, read with every ingestion group

    /// Every statement request checked its bearer token with a round trip of its own: for single statements on one
    /// instance, ~0.3 ms of PostgreSQL's ~1 ms a statement, and a hop to a thread that may wait. An instance now
    /// keeps the answers (`WebhookTokenCache`) while `webhook_token_version` stays as it was last read.
    /// Whatever can make a kept answer wrong moves the version in the writer's own transaction, from any instance:
    /// a token removed or changed (a new webhook secret removes the integration's tokens), an integration changed
    /// (deactivated, reconfigured) or removed. A new token does not: it is asked for the first time anyway.
    /// Ingestion reads the version with each group's first wait (`ingest_versions_now`), so under load an instance
    /// sees a change within a group; an answer is used only while the version was read in the last 25 ms.
    /// (v11's `integration_for_token` and `ingest_lookup_version_now` are no longer called: a miss is rare now, so it
    /// reads the token, its integration and the version in one plain query.)
    static let tokenVersion: [String] = [
        "CREATE TABLE webhook_token_version (id bigint PRIMARY KEY CHECK (id = 1), version bigint NOT NULL)",
        "INSERT INTO webhook_token_version(id, version) VALUES (1, 0)",
        // Statement-level, counting the rows changed: the expired tokens' cleanup runs before every token is issued,
        // and mostly removes none.
        """
        CREATE FUNCTION webhook_token_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM changed) THEN
                UPDATE webhook_token_version SET version = version + 1 WHERE id = 1;
            END IF;
            RETURN NULL;
        END $$
        """,
        """
        CREATE FUNCTION webhook_token_version_bump_always() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE webhook_token_version SET version = version + 1 WHERE id = 1;
            RETURN NULL;
        END $$
        """,
    ] + ["webhook_token", "integration"].flatMap { table in
        ["UPDATE", "DELETE"].map { event in
            """
            CREATE TRIGGER \(table)_token_version_\(event.lowercased()) AFTER \(event) ON \(table) REFERENCING OLD TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION webhook_token_version_bump()
            """
        } + [
            """
            CREATE TRIGGER \(table)_token_version_truncate AFTER TRUNCATE ON \(table)
            FOR EACH STATEMENT EXECUTE FUNCTION webhook_token_version_bump_always()
            """,
        ]
    } + [
        // Both versions ingestion keeps answers under, in the group's first wait (planned once per connection).
        """
        CREATE FUNCTION ingest_versions_now(OUT lookup bigint, OUT token bigint) LANGUAGE plpgsql STABLE AS $$
        BEGIN
            lookup := (SELECT version FROM ingest_lookup_version WHERE id = 1);
            token := (SELECT version FROM webhook_token_version WHERE id = 1);
        END $$
        """,
    ]
}
