extension PostgresTables {
    // MARK: - v11: the reads every statement request makes, planned once per connection

    /// Reads are sent as unnamed statements (postgres-nio mislabels a prepared statement's binary result columns),
    /// so PostgreSQL plans them on every call. For the token check (every request) planning took ~0.15 ms against
    /// ~0.06 ms of running, and for a group's voider lookup ~0.3 ms against ~0.1 ms. PL/pgSQL keeps its queries'
    /// plans for the connection's life, and planning a call of it costs ~0.04 ms. Same queries, same answers: each is
    /// its own statement, STABLE (the snapshot of its call, as the plain query had).
    static let plannedReads: [String] = [
        // The integration an unexpired token was issued for (`PostgresStore.integration(forToken:now:)`).
        """
        CREATE FUNCTION integration_for_token(p_hash text, p_now double precision) RETURNS SETOF integration
        LANGUAGE plpgsql STABLE AS $$
        BEGIN
            RETURN QUERY SELECT i.* FROM webhook_token t JOIN integration i ON i.id = t.integration_id
                WHERE t.token_hash = p_hash AND t.expires_at > p_now;
        END $$
        """,
        // For each (integration, statement id), the first statement voiding it (`prefetch`).
        """
        CREATE FUNCTION first_voiders(p_integrations bigint[], p_ids text[]) RETURNS SETOF statement
        LANGUAGE plpgsql STABLE AS $$
        BEGIN
            RETURN QUERY SELECT DISTINCT ON (s.integration_id, s.voids_statement_id) s.* FROM statement s
                WHERE (s.integration_id, s.voids_statement_id) IN (SELECT t.i, t.v FROM unnest(p_integrations, p_ids) AS t(i, v))
                ORDER BY s.integration_id, s.voids_statement_id, s.seq;
        END $$
        """,
        // The lookup cache's version, read with every group's first wait.
        """
        CREATE FUNCTION ingest_lookup_version_now() RETURNS bigint LANGUAGE plpgsql STABLE AS $$
        BEGIN
            RETURN (SELECT version FROM ingest_lookup_version WHERE id = 1);
        END $$
        """,
    ]
}
