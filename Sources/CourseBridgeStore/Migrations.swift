import GRDB

/// Every schema change, named and append-only. A database written by a newer CourseBridge is refused.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-platform-model") { db in try createPlatformModel(db) }
        m.registerMigration("v2-sync-warnings") { db in
            try db.execute(sql: """
                ALTER TABLE sync_run_error ADD COLUMN kind TEXT NOT NULL DEFAULT 'error' CHECK (kind IN ('error','warning'));
                ALTER TABLE sync_run ADD COLUMN warnings INTEGER NOT NULL DEFAULT 0;
                """)
        }
        m.registerMigration("v3-statement-links") { db in
            // Which statement a voiding statement voids (it may arrive first), and which learner and
            // course an applied statement counted for (to recompute their attempts).
            try db.execute(sql: """
                ALTER TABLE statement ADD COLUMN voids_statement_id TEXT;
                ALTER TABLE statement ADD COLUMN user_id INTEGER REFERENCES user(id);
                ALTER TABLE statement ADD COLUMN course_id INTEGER REFERENCES course(id);
                CREATE INDEX statement_by_voided_target ON statement(integration_id, voids_statement_id)
                    WHERE voids_statement_id IS NOT NULL;
                CREATE INDEX statement_by_learner_course ON statement(user_id, course_id) WHERE user_id IS NOT NULL;
                """)
        }
        m.registerMigration("v4-course-search", migrate: CourseSearchIndex.migrate)
        m.registerMigration("v5-learner-course-summary", migrate: LearnerCourseSummary.migrate)
        m.registerMigration("v6-summary-update-once", migrate: LearnerCourseSummary.refreshOnceOnUpdate)
        m.registerMigration("v7-search-high-water-mark", migrate: CourseSearchIndex.migrateToHighWaterMark)
        m.registerMigration("v8-event-log", migrate: Store.createEventLog)
        m.registerMigration("v9-coursera-content-ids") { db in
            // Coursera courses are now identified by `contentId`, as its enrollments name them; the old client kept
            // the contents `id` (`Course~X`). Renamed in place, so the next sync updates them instead of creating
            // every course again and holding the old ones for archiving.
            try db.execute(sql: """
                UPDATE course SET provider_id = substr(provider_id, 8)
                WHERE provider = 'coursera' AND provider_id LIKE 'Course~%'
                  AND NOT EXISTS (SELECT 1 FROM course other
                                  WHERE other.provider = 'coursera' AND other.provider_id = substr(course.provider_id, 8))
                """)
        }
        m.registerMigration("v10-launch-key") { db in
            // The per-installation key that signs launch links, sealed with the secret key (one row, made on first use).
            try db.execute(sql: """
                CREATE TABLE launch_key (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    key_sealed BLOB NOT NULL,
                    created_at REAL NOT NULL
                );
                """)
        }
        m.registerMigration("v11-secret-key-fingerprint-and-webhook-secret-hash") { db in
            // Which key the sealed secrets are sealed with (its public fingerprint, one row), and webhook client
            // secrets kept as SHA-256 only. Existing sealed webhook secrets are hashed, and unbound sealed values
            // re-sealed, on the first open with the key: a migration cannot reach the key (Store+SecretKey.swift).
            try db.execute(sql: """
                CREATE TABLE secret_key (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    fingerprint TEXT NOT NULL
                );
                ALTER TABLE integration ADD COLUMN webhook_secret_hash TEXT;
                """)
        }
        m.registerMigration("v12-sync-lease") { db in
            // One holder per integration's sync across processes (issue 16); same table as on PostgreSQL.
            try db.execute(sql: """
                CREATE TABLE sync_lease (
                    integration_id INTEGER PRIMARY KEY REFERENCES integration(id) ON DELETE CASCADE,
                    holder TEXT NOT NULL,
                    acquired_at REAL NOT NULL,
                    expires_at REAL NOT NULL
                );
                """)
        }
        m.registerMigration("v13-listing-kind", migrate: addListingKind)
        m.registerMigration("v14-statement-pair-index", migrate: StatementPairIndex.migrate)
        m.registerMigration("v15-summary-hold", migrate: LearnerCourseSummary.holdWhileWriting)
        m.registerMigration("v16-webhook-token-version", migrate: WebhookTokenVersion.migrate)
        return m
    }

    // MARK: - v1

    private static func createPlatformModel(_ db: Database) throws {
        try db.execute(sql: """
        CREATE TABLE "group" (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            parent_id INTEGER REFERENCES "group"(id) ON DELETE RESTRICT,
            is_private INTEGER NOT NULL DEFAULT 0 CHECK (is_private IN (0, 1)),
            created_at REAL NOT NULL
        );
        CREATE TABLE user (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (email LIKE '%_@_%'),
            username TEXT UNIQUE,
            external_id TEXT,
            display_name TEXT,
            created_at REAL NOT NULL
        );
        CREATE INDEX user_by_external_id ON user(external_id);
        CREATE TABLE membership (
            group_id INTEGER NOT NULL REFERENCES "group"(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('platform-admin','group-admin','coach','editor','contributor','learner')),
            PRIMARY KEY (group_id, user_id)
        );
        CREATE TABLE integration (
            id INTEGER PRIMARY KEY,
            provider TEXT NOT NULL CHECK (provider IN ('linkedin','coursera','edx','skillsoft')),
            group_id INTEGER NOT NULL REFERENCES "group"(id),
            author_user_id INTEGER NOT NULL REFERENCES user(id),
            api_base TEXT NOT NULL,
            token_url TEXT,
            credentials_sealed BLOB,
            webhook_client_id TEXT UNIQUE,
            webhook_secret_sealed BLOB,
            learner_id_mode TEXT NOT NULL DEFAULT 'email' CHECK (learner_id_mode IN ('email','username','external-id')),
            language_filter TEXT NOT NULL DEFAULT '[]',
            content_type_filter TEXT NOT NULL DEFAULT '[]',
            tag_sync INTEGER NOT NULL DEFAULT 0 CHECK (tag_sync IN (0, 1)),
            schedule_time TEXT NOT NULL,
            schedule_tz TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active','deactivated')),
            selected_programs TEXT NOT NULL DEFAULT '[]',
            archive_threshold REAL NOT NULL DEFAULT 0.2,
            configured_at REAL NOT NULL,
            created_at REAL NOT NULL
        );
        -- One active integration per provider per group.
        CREATE UNIQUE INDEX integration_one_active ON integration(provider, group_id) WHERE state = 'active';
        CREATE TABLE course (
            id INTEGER PRIMARY KEY,
            integration_id INTEGER REFERENCES integration(id),
            provider TEXT NOT NULL CHECK (provider IN ('linkedin','coursera','edx','skillsoft')),
            provider_id TEXT NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            thumbnail_url TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            subjects TEXT NOT NULL DEFAULT '[]',
            duration_seconds INTEGER,
            difficulty TEXT,
            languages TEXT NOT NULL DEFAULT '[]',
            content_type TEXT NOT NULL DEFAULT 'course',
            last_updated_at REAL,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','archived')),
            launch_url TEXT,
            main_author_user_id INTEGER REFERENCES user(id),
            fingerprint TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            UNIQUE (provider, provider_id)
        );
        CREATE INDEX course_by_integration ON course(integration_id, status);
        CREATE INDEX course_by_launch_url ON course(launch_url);
        CREATE TABLE course_translation (
            course_id INTEGER NOT NULL REFERENCES course(id) ON DELETE CASCADE,
            language TEXT NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (course_id, language)
        );
        CREATE TABLE course_tag (
            course_id INTEGER NOT NULL REFERENCES course(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('synced','manual')),
            PRIMARY KEY (course_id, name, source)
        );
        CREATE TABLE course_skill (
            course_id INTEGER NOT NULL REFERENCES course(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            PRIMARY KEY (course_id, name)
        );
        CREATE TABLE catalog_entry (
            group_id INTEGER NOT NULL REFERENCES "group"(id) ON DELETE CASCADE,
            course_id INTEGER NOT NULL REFERENCES course(id) ON DELETE CASCADE,
            PRIMARY KEY (group_id, course_id)
        );
        CREATE TABLE library_entry (
            group_id INTEGER NOT NULL REFERENCES "group"(id) ON DELETE CASCADE,
            course_id INTEGER NOT NULL REFERENCES course(id) ON DELETE CASCADE,
            added_by INTEGER REFERENCES user(id),
            PRIMARY KEY (group_id, course_id)
        );
        CREATE TABLE path (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES "group"(id),
            name TEXT NOT NULL,
            is_linear INTEGER NOT NULL DEFAULT 0 CHECK (is_linear IN (0, 1)),
            created_by INTEGER REFERENCES user(id),
            created_at REAL NOT NULL
        );
        CREATE TABLE path_step (
            path_id INTEGER NOT NULL REFERENCES path(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            course_id INTEGER NOT NULL REFERENCES course(id),
            PRIMARY KEY (path_id, position)
        );
        CREATE TABLE path_enrollment (
            path_id INTEGER NOT NULL REFERENCES path(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES user(id),
            enrolled_at REAL NOT NULL,
            PRIMARY KEY (path_id, user_id)
        );
        CREATE TABLE attempt (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES user(id),
            course_id INTEGER NOT NULL REFERENCES course(id),
            started_at REAL NOT NULL,
            progress REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
            score REAL CHECK (score IS NULL OR score BETWEEN 0 AND 100),
            time_spent_seconds INTEGER NOT NULL DEFAULT 0 CHECK (time_spent_seconds >= 0),
            completion_status TEXT NOT NULL DEFAULT 'in-progress'
                CHECK (completion_status IN ('not-started','in-progress','completed')),
            completed_at REAL,
            result TEXT CHECK (result IS NULL OR result IN ('success','failed')),
            last_activity_at REAL
        );
        CREATE INDEX attempt_by_user_course ON attempt(user_id, course_id);
        CREATE INDEX attempt_by_course ON attempt(course_id);
        CREATE TABLE sync_run (
            id INTEGER PRIMARY KEY,
            integration_id INTEGER NOT NULL REFERENCES integration(id),
            trigger TEXT NOT NULL CHECK (trigger IN ('schedule','manual','startup')),
            dry_run INTEGER NOT NULL DEFAULT 0,
            started_at REAL NOT NULL,
            ended_at REAL,
            outcome TEXT NOT NULL DEFAULT 'running'
                CHECK (outcome IN ('running','succeeded','failed','cancelled','held','interrupted')),
            reason TEXT,
            created INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            archived INTEGER NOT NULL DEFAULT 0,
            ignored INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            pages INTEGER NOT NULL DEFAULT 0,
            items_seen INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX sync_run_by_integration ON sync_run(integration_id, started_at);
        CREATE TABLE sync_run_error (
            run_id INTEGER NOT NULL REFERENCES sync_run(id) ON DELETE CASCADE,
            provider_id TEXT,
            message TEXT NOT NULL
        );
        CREATE TABLE statement (
            integration_id INTEGER NOT NULL REFERENCES integration(id),
            statement_id TEXT NOT NULL,
            received_at REAL NOT NULL,
            body TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('pending','applied','quarantined','skipped','voided')),
            reason TEXT,
            PRIMARY KEY (integration_id, statement_id)
        );
        CREATE INDEX statement_by_outcome ON statement(outcome);
        CREATE TABLE webhook_token (
            token_hash TEXT PRIMARY KEY,
            integration_id INTEGER NOT NULL REFERENCES integration(id) ON DELETE CASCADE,
            expires_at REAL NOT NULL
        );
        CREATE TABLE launch (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES user(id),
            course_id INTEGER NOT NULL REFERENCES course(id),
            path_id INTEGER REFERENCES path(id),
            launched_at REAL NOT NULL
        );
        """)
    }
}
