import CacheStorage

/// The database schema and its forward migrations.
///
/// `PRAGMA user_version` holds the number of migrations applied; `PRAGMA application_id` marks the file as
/// an LLMCache database so that a foreign SQLite file is never changed by mistake.
enum Schema {
    /// `'LLMC'` as a big-endian 32-bit integer.
    static let applicationID: Int64 = 0x4C4C_4D43

    /// Migrations in order; migration `i` takes the schema from version `i` to `i + 1`.
    static let migrations: [String] = [
        """
        CREATE TABLE entries (
            id              INTEGER PRIMARY KEY,
            namespace       TEXT    NOT NULL,
            key             TEXT    NOT NULL,
            provider        TEXT    NOT NULL,
            model           TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            expires_at      INTEGER,
            ttl_ms          INTEGER,
            sliding         INTEGER NOT NULL DEFAULT 0,
            last_hit_at     INTEGER,
            last_used_at    INTEGER NOT NULL,
            hit_count       INTEGER NOT NULL DEFAULT 0,
            size            INTEGER NOT NULL,
            input_tokens    INTEGER NOT NULL DEFAULT 0,
            output_tokens   INTEGER NOT NULL DEFAULT 0,
            cost_micros     INTEGER,
            tags            TEXT    NOT NULL DEFAULT '',
            request         BLOB,
            response        BLOB    NOT NULL,
            UNIQUE (namespace, key)
        );
        CREATE INDEX entries_key ON entries (key);
        CREATE INDEX entries_last_used ON entries (last_used_at);
        CREATE INDEX entries_expires ON entries (expires_at) WHERE expires_at IS NOT NULL;
        CREATE INDEX entries_model ON entries (model);
        CREATE TABLE counters (
            layer TEXT    NOT NULL,
            name  TEXT    NOT NULL,
            value INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (layer, name)
        ) WITHOUT ROWID;
        CREATE TABLE ledger (
            id                     INTEGER PRIMARY KEY,
            at                     INTEGER NOT NULL,
            provider               TEXT    NOT NULL,
            model                  TEXT    NOT NULL,
            input_tokens           INTEGER NOT NULL,
            output_tokens          INTEGER NOT NULL,
            cache_read_tokens      INTEGER NOT NULL,
            cache_write_5m_tokens  INTEGER NOT NULL,
            cache_write_1h_tokens  INTEGER NOT NULL,
            cost_micros            INTEGER NOT NULL,
            tags                   TEXT    NOT NULL DEFAULT '{}',
            record_id              TEXT,
            attempt                INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX ledger_at ON ledger (at);
        """,
        """
        CREATE TABLE vectors (
            entry_id INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
            scope    TEXT NOT NULL,
            prompt   TEXT NOT NULL,
            vector   BLOB NOT NULL
        );
        CREATE INDEX vectors_scope ON vectors (scope);
        CREATE TABLE meta (
            name  TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
        // Budget caps shared by every process on the file (see `SQLiteStore.reserveBudget`).
        """
        CREATE TABLE budget (
            scope TEXT    PRIMARY KEY,
            spent INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE TABLE budget_holds (
            id         TEXT    NOT NULL,
            scope      TEXT    NOT NULL REFERENCES budget (scope),
            amount     INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (id, scope)
        ) WITHOUT ROWID;
        CREATE INDEX budget_holds_scope ON budget_holds (scope, expires_at);
        """,
        // Labelled outcomes of semantic matches (see `HitObservation`); kept when their entry goes.
        """
        CREATE TABLE observations (
            id                INTEGER PRIMARY KEY AUTOINCREMENT,
            entry_id          INTEGER NOT NULL,
            scope             TEXT    NOT NULL,
            similarity_micros INTEGER NOT NULL,
            correct           INTEGER NOT NULL,
            source            TEXT    NOT NULL,
            observed_at       INTEGER NOT NULL
        );
        """,
        // Provider batches a client follows (see `StoredBatch`).
        """
        CREATE TABLE batches (
            id                TEXT    PRIMARY KEY,
            provider          TEXT    NOT NULL,
            provider_batch_id TEXT,
            status            TEXT    NOT NULL,
            item_count        INTEGER NOT NULL,
            created_at        INTEGER NOT NULL,
            updated_at        INTEGER NOT NULL,
            document          TEXT    NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX batches_created ON batches (created_at);
        """,
        // Rate-limit token buckets shared by every process on the file (see `SQLiteStore.updateRateBuckets`).
        """
        CREATE TABLE rate_buckets (
            key       TEXT PRIMARY KEY,
            level     REAL NOT NULL,
            filled_at REAL NOT NULL,
            full_at   REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX rate_buckets_full ON rate_buckets (full_at);
        """,
    ]

    /// The schema version this build writes and understands.
    static var currentVersion: Int { migrations.count }
}
