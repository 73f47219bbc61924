/// The PostgreSQL schema and its forward migrations.
///
/// Every table is prefixed `llmcache_`, so the cache can live in a database shared with other programs.
/// `llmcache_schema` holds the number of migrations applied; migrations run under an advisory lock, so
/// instances starting together apply each one once.
enum PostgresSchema {
    /// The advisory lock key that serialises migrations (`'LLMC'`).
    static let migrationLock: Int64 = 0x4C4C_4D43
    /// The advisory lock key that orders change-log writes in commit order.
    static let changeLock: Int64 = 0x4C4C_4D44
    /// The `LISTEN/NOTIFY` channel that announces new changes.
    static let channel = "llmcache_changes"

    /// Migrations in order; migration `i` takes the schema from version `i` to `i + 1`. Each is a list of
    /// statements run in one transaction.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE llmcache_entries (
                id              BIGSERIAL PRIMARY KEY,
                namespace       TEXT    NOT NULL,
                key             TEXT    NOT NULL,
                provider        TEXT    NOT NULL,
                model           TEXT    NOT NULL,
                created_at      BIGINT  NOT NULL,
                expires_at      BIGINT,
                ttl_ms          BIGINT,
                sliding         BOOLEAN NOT NULL DEFAULT false,
                last_hit_at     BIGINT,
                last_used_at    BIGINT  NOT NULL,
                hit_count       BIGINT  NOT NULL DEFAULT 0,
                size            BIGINT  NOT NULL,
                input_tokens    BIGINT  NOT NULL DEFAULT 0,
                output_tokens   BIGINT  NOT NULL DEFAULT 0,
                cost_micros     BIGINT,
                tags            TEXT    NOT NULL DEFAULT '',
                request         BYTEA,
                response        BYTEA   NOT NULL,
                UNIQUE (namespace, key)
            )
            """,
            "CREATE INDEX llmcache_entries_key ON llmcache_entries (key text_pattern_ops)",
            "CREATE INDEX llmcache_entries_last_used ON llmcache_entries (last_used_at)",
            "CREATE INDEX llmcache_entries_expires ON llmcache_entries (expires_at) WHERE expires_at IS NOT NULL",
            "CREATE INDEX llmcache_entries_model ON llmcache_entries (model)",
            """
            CREATE TABLE llmcache_counters (
                layer TEXT   NOT NULL,
                name  TEXT   NOT NULL,
                value BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (layer, name)
            )
            """,
            """
            CREATE TABLE llmcache_ledger (
                id                     BIGSERIAL PRIMARY KEY,
                at                     BIGINT NOT NULL,
                provider               TEXT   NOT NULL,
                model                  TEXT   NOT NULL,
                input_tokens           BIGINT NOT NULL,
                output_tokens          BIGINT NOT NULL,
                cache_read_tokens      BIGINT NOT NULL,
                cache_write_5m_tokens  BIGINT NOT NULL,
                cache_write_1h_tokens  BIGINT NOT NULL,
                cost_micros            BIGINT NOT NULL,
                tags                   JSONB  NOT NULL DEFAULT '{}',
                record_id              TEXT,
                attempt                BIGINT NOT NULL DEFAULT 1
            )
            """,
            "CREATE INDEX llmcache_ledger_at ON llmcache_ledger (at)",
            """
            CREATE TABLE llmcache_vectors (
                entry_id BIGINT PRIMARY KEY REFERENCES llmcache_entries (id) ON DELETE CASCADE,
                scope    TEXT  NOT NULL,
                prompt   TEXT  NOT NULL,
                vector   BYTEA NOT NULL
            )
            """,
            "CREATE INDEX llmcache_vectors_scope ON llmcache_vectors (scope)",
            "CREATE TABLE llmcache_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            // The change log of the vectors, in commit order: the advisory lock is held from taking a
            // sequence number to the commit, so a reader that has seen change n has seen every change < n.
            "CREATE SEQUENCE llmcache_change_seq",
            """
            CREATE TABLE llmcache_changes (
                seq      BIGINT PRIMARY KEY,
                at       BIGINT NOT NULL,
                kind     TEXT   NOT NULL CHECK (kind IN ('insert', 'delete')),
                entry_id BIGINT NOT NULL,
                scope    TEXT   NOT NULL
            )
            """,
            "CREATE INDEX llmcache_changes_at ON llmcache_changes (at)",
            """
            CREATE FUNCTION llmcache_log_vector_change() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                now_ms BIGINT := (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT;
            BEGIN
                PERFORM pg_advisory_xact_lock(\(changeLock));
                IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.scope <> NEW.scope) THEN
                    INSERT INTO llmcache_changes (seq, at, kind, entry_id, scope)
                    VALUES (nextval('llmcache_change_seq'), now_ms, 'delete', OLD.entry_id, OLD.scope);
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    INSERT INTO llmcache_changes (seq, at, kind, entry_id, scope)
                    VALUES (nextval('llmcache_change_seq'), now_ms, 'insert', NEW.entry_id, NEW.scope);
                END IF;
                PERFORM pg_notify('\(channel)', '');
                RETURN NULL;
            END
            $$
            """,
            """
            CREATE TRIGGER llmcache_vectors_changed AFTER INSERT OR UPDATE OR DELETE ON llmcache_vectors
            FOR EACH ROW EXECUTE FUNCTION llmcache_log_vector_change()
            """,
            """
            CREATE TABLE llmcache_budget (
                scope TEXT   PRIMARY KEY,
                spent BIGINT NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE TABLE llmcache_budget_holds (
                id         UUID   NOT NULL,
                scope      TEXT   NOT NULL REFERENCES llmcache_budget (scope),
                amount     BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                PRIMARY KEY (id, scope)
            )
            """,
            "CREATE INDEX llmcache_budget_holds_scope ON llmcache_budget_holds (scope, expires_at)",
        ],
        // Labelled outcomes of semantic matches (see `HitObservation`); kept when their entry goes.
        [
            """
            CREATE TABLE llmcache_observations (
                id                BIGSERIAL PRIMARY KEY,
                entry_id          BIGINT  NOT NULL,
                scope             TEXT    NOT NULL,
                similarity_micros BIGINT  NOT NULL,
                correct           BOOLEAN NOT NULL,
                source            TEXT    NOT NULL,
                observed_at       BIGINT  NOT NULL
            )
            """
        ],
        // Provider batches a client follows (see `StoredBatch`).
        [
            """
            CREATE TABLE llmcache_batches (
                id                TEXT    PRIMARY KEY,
                provider          TEXT    NOT NULL,
                provider_batch_id TEXT,
                status            TEXT    NOT NULL,
                item_count        BIGINT  NOT NULL,
                created_at        BIGINT  NOT NULL,
                updated_at        BIGINT  NOT NULL,
                document          TEXT    NOT NULL
            )
            """,
            "CREATE INDEX llmcache_batches_created ON llmcache_batches (created_at)",
        ],
        // Rate-limit token buckets shared by every instance (see `PostgresRateBuckets`); times are seconds
        // on the server's clock.
        [
            """
            CREATE TABLE llmcache_rate_buckets (
                key       TEXT             PRIMARY KEY,
                level     DOUBLE PRECISION NOT NULL,
                filled_at DOUBLE PRECISION NOT NULL,
                full_at   DOUBLE PRECISION NOT NULL
            )
            """,
            "CREATE INDEX llmcache_rate_buckets_full ON llmcache_rate_buckets (full_at)",
        ],
    ]

    /// The schema version this build writes and understands.
    static var currentVersion: Int { migrations.count }
}
