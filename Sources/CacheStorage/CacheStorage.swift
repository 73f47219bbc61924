import Foundation
import LLMCore

/// What every cache layer needs from the database behind it: response entries, their vectors, counters and
/// the cost ledger.
///
/// `SQLiteStore` (SQLite, embedded, one machine) and `PostgresStore` (PostgreSQL, shared by many instances)
/// both conform and behave the same way: the same lookup, expiry, purge and eviction rules, and the same
/// reports. Callers hold an `any CacheStorage` and never depend on which database answers.
public protocol CacheStorage: Actor {
    /// Where the store lives, for messages: a file path, or a connection URL without its password.
    nonisolated var location: String { get }
    /// Whether the store was opened read-only (lookups do not count hits; writes throw).
    nonisolated var isReadOnly: Bool { get }
    /// The clock that dates entries and decides expiry.
    nonisolated var clock: any CacheClock { get }
    /// Whether the database is reachable now, and how often it was not. A store that reports its database
    /// down has already logged it once; callers need not log every failed operation again.
    nonisolated var availability: StoreAvailability { get }

    /// Looks up `key` in `namespace`. A hit's bookkeeping is buffered, never written on the lookup's path.
    /// The returned entry carries the response but not the request body (`request` is `nil`);
    /// ``list(namespace:model:limit:)`` and ``entries(keyPrefix:)`` return both.
    ///
    /// - Parameters:
    ///   - namespace: the namespace the entry was stored in.
    ///   - key: the entry's key (a request's `CacheKey` in hex, for the exact layer).
    ///   - maxAge: refuse entries stored longer ago than this.
    ///   - recordHit: count the hit (and extend a sliding TTL).
    func lookup(namespace: String, key: String, maxAge: Duration?, recordHit: Bool) async throws
        -> StoreLookupResult
    /// Looks up the entry with row id `id`, with the same rules.
    func lookup(id: Int64, maxAge: Duration?, recordHit: Bool) async throws -> StoreLookupResult
    /// Stores `entries` (and their vectors) in one transaction, replacing entries with the same namespace and
    /// key, then evicts past the limits. Returns their row ids, in order.
    @discardableResult
    func insert(contentsOf entries: [NewCacheEntry]) async throws -> [Int64]
    /// Removes the entries `selector` picks (or counts them, in a dry run). An empty selector is refused.
    func purge(_ selector: PurgeSelector, dryRun: Bool) async throws -> PurgeResult
    /// Adds `deltas` to the named counters of `layer` (buffered).
    func increment(layer: String, _ deltas: [String: Int64]) async throws
    /// Counts, sizes, ages and counters, with buffered bookkeeping included.
    func statistics() async throws -> StoreStatistics
    /// Entries, most recently used first, optionally of one namespace or model.
    func list(namespace: String?, model: String?, limit: Int) async throws -> [CacheEntry]
    /// Every entry (of any namespace) whose key starts with `keyPrefix`.
    func entries(keyPrefix: String) async throws -> [CacheEntry]
    /// Writes buffered bookkeeping now.
    func flush() async throws
    /// Writes buffered bookkeeping and closes the store; later calls throw.
    func close() async throws

    /// Registers the one observer told about every change to the stored vectors that the caller did not make
    /// through ``insert(contentsOf:)`` itself: removals by purge, eviction or expiry sweep (by this or, for a
    /// shared store, any instance), and insertions by other instances of a shared store.
    func setVectorObserver(_ observer: (@Sendable (VectorChange) -> Void)?) async
    /// The embedder that wrote this store's vectors, or `nil` before any did.
    func embeddingSignature() async throws -> EmbeddingSignature?
    /// Records which embedder writes this store's vectors.
    func setEmbeddingSignature(_ signature: EmbeddingSignature) async throws
    /// Stored vectors of live entries with ids greater than `id`, in id order, at most `limit` of them.
    func vectors(after id: Int64, limit: Int) async throws -> [VectorRow]
    /// The prompt that was embedded for entry `id`.
    func prompt(forEntry id: Int64) async throws -> String?
    /// Replaces the vectors of existing entries (for re-embedding), in one transaction.
    func replaceVectors(_ vectors: [(id: Int64, vector: StoredVector)]) async throws
    /// Removes every stored vector (the entries stay), e.g. before re-embedding.
    func removeAllVectors() async throws

    /// Keeps a labelled outcome of a semantic match.
    func recordObservation(_ observation: HitObservation) async throws
    /// Labelled outcomes with a row id above `id`, oldest first, at most `limit`.
    func observations(after id: Int64, limit: Int) async throws -> [StoredHitObservation]

    /// Appends a priced call to the ledger; committed when this returns.
    func appendLedger(_ row: LedgerRow) async throws
    /// Money spent in `[start, end)`.
    func ledgerSpent(from start: Date, to end: Date) async throws -> MicroDollars
    /// Money spent in `[start, end)` by calls tagged `tag`.
    func ledgerSpent(from start: Date, to end: Date, tag: CostTag) async throws -> MicroDollars
    /// Spend by model, tag and UTC day, each list capped at `limit` lines.
    func spendSummary(limit: Int) async throws -> SpendSummary

    /// Saves `batch`, replacing the one with its id; committed when this returns.
    func saveBatch(_ batch: StoredBatch) async throws
    /// The batch with `id`, or `nil`.
    func batch(id: String) async throws -> StoredBatch?
    /// The newest `limit` batches, newest first.
    func batches(limit: Int) async throws -> [StoredBatch]
}

/// A change to the stored vectors that an in-memory index must follow.
public enum VectorChange: Sendable, Hashable {
    /// Vectors stored (by another instance sharing the store).
    case inserted([VectorRow])
    /// Vectors removed, by purge, eviction or expiry, by any instance.
    case removed([RemovedVector])
    /// The store could not tell every change since the index was loaded (an instance was away longer than
    /// the shared store keeps its change log): reload the index from ``CacheStorage/vectors(after:limit:)``.
    case reloadNeeded
}

extension CacheStorage {
    /// Always available: an embedded database is at hand, or failing on every operation, which each
    /// operation's error reports.
    public nonisolated var availability: StoreAvailability { .alwaysAvailable }

    /// Stores one entry; see ``insert(contentsOf:)``. Returns its row id.
    @discardableResult
    public func insert(_ entry: NewCacheEntry) async throws -> Int64 {
        try await insert(contentsOf: [entry])[0]
    }
}
