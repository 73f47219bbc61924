import CacheStorage
import Foundation
import LLMCore
import Logging

/// The semantic cache: answers a request with a stored answer to a similar question asked in the same
/// context (see ``ContextFingerprint``), by cosine similarity of embeddings of the last user turn.
///
/// Vectors live in the store next to their response entry, under the same TTL, namespace and eviction
/// rules; the in-memory ``SemanticIndex`` is loaded at open and kept in step with every insert, purge,
/// eviction and expiry.
public final class SemanticCache: Sendable {
    /// The store the entries live in.
    public let store: any CacheStorage
    /// The embedder of last user turns.
    public let embedder: any Embedder
    /// The in-memory index.
    public let index: SemanticIndex
    /// The layer's settings.
    public let configuration: SemanticCacheConfiguration
    private let logger: Logger

    private init(
        store: any CacheStorage, embedder: any Embedder, index: SemanticIndex,
        configuration: SemanticCacheConfiguration,
        logger: Logger
    ) {
        self.store = store
        self.embedder = embedder
        self.index = index
        self.configuration = configuration
        self.logger = logger
    }

    /// Opens the semantic layer over `store`: checks that stored vectors come from `embedder` (same model
    /// and dimension), loads them into the index and follows the store's removals from then on.
    ///
    /// - Parameters:
    ///   - store: the store whose entries the layer serves, and whose vectors it indexes.
    ///   - embedder: embeds the prompts; it must be the embedder that wrote the stored vectors.
    ///   - configuration: the layer's settings.
    ///   - reembed: when stored vectors come from another embedder, re-embed every stored prompt
    ///     with this one instead of failing.
    ///   - logger: where the index's loading and re-embedding are logged.
    /// - Throws: ``SemanticCacheError/embedderMismatch(path:stored:given:)`` when the embedders differ and
    ///   `reembed` is off.
    public static func open(
        store: any CacheStorage, embedder: any Embedder, configuration: SemanticCacheConfiguration = .init(),
        reembed: Bool = false, logger: Logger = Logger(label: "llmcache.semantic")
    ) async throws -> SemanticCache {
        guard (-1...1).contains(configuration.threshold) else {
            throw SemanticCacheError.thresholdOutOfRange(configuration.threshold)
        }
        let given = EmbeddingSignature(model: embedder.modelIdentifier, dimension: embedder.dimension)
        let stored = try await store.embeddingSignature()
        if let stored, stored != given {
            guard reembed else {
                throw SemanticCacheError.embedderMismatch(path: store.location, stored: stored, given: given)
            }
            try await reembedAll(store: store, embedder: embedder, logger: logger)
        }
        if stored != given && !store.isReadOnly { try await store.setEmbeddingSignature(given) }

        let index = SemanticIndex(dimension: embedder.dimension)
        let follower = IndexFollower(index: index, store: store, logger: logger)
        await store.setVectorObserver { change in follower.apply(change) }
        try await follower.load()
        logger.debug("semantic index loaded", metadata: ["entries": "\(index.count)", "scopes": "\(index.scopeCount)"])
        return SemanticCache(
            store: store, embedder: embedder, index: index, configuration: configuration, logger: logger)
    }

    /// Embeds every stored prompt again with `embedder`, replacing the old vectors.
    private static func reembedAll(store: any CacheStorage, embedder: any Embedder, logger: Logger) async throws {
        logger.notice("re-embedding stored prompts with \(embedder.modelIdentifier)")
        var rows: [(id: Int64, scope: String, prompt: String)] = []
        var last: Int64 = 0
        while true {
            let page = try await store.vectors(after: last, limit: 4096)
            guard let tail = page.last else { break }
            for row in page { rows.append((row.id, row.scope, try await store.prompt(forEntry: row.id) ?? "")) }
            last = tail.id
        }
        let vectors = try await embedder.embed(rows.map(\.prompt))
        try await store.replaceVectors(
            zip(rows, vectors).map { row, vector in
                (row.id, StoredVector(scope: row.scope, prompt: row.prompt, vector: vector))
            })
    }

    /// The text to embed and the scope to search, or why the request cannot use this layer.
    public func eligibility(of request: LLMRequest, namespace: String) -> Result<
        (scope: String, text: String), any Error
    > {
        Result { try ContextFingerprint.scope(of: request, namespace: namespace, family: configuration.family(of:)) }
    }

    /// Embeds `text` within the configured time limit.
    ///
    /// Returns as soon as the limit passes, even when the embedder does not respond to cancellation (a
    /// CPU-bound model finishes its batch in the background and its result is dropped).
    ///
    /// - Throws: ``EmbeddingTimeout`` when the embedder takes too long, or the embedder's own error.
    public func embed(_ text: String) async throws -> [Float] {
        let embedder = self.embedder
        let limit = configuration.embeddingTimeout
        return try await Deadline.run(limit: limit, timeout: EmbeddingTimeout(limit: limit)) {
            guard let vector = try await embedder.embed([text]).first else { throw EmbeddingTimeout(limit: limit) }
            return vector
        }
    }

    /// The best live stored answer in `scope` at or above `threshold`, or `nil`.
    public func lookup(
        vector: [Float], scope: String, threshold: Float, maxAge: TimeSpan?
    ) async throws -> SemanticAnswer? {
        let matches = try index.search(scope: scope, vector: vector, k: configuration.candidates, threshold: threshold)
        for match in matches {
            switch try await store.lookup(id: match.id, maxAge: maxAge, recordHit: true) {
            case .hit(let entry):
                let response = try JSONDecoder().decode(LLMResponse.self, from: entry.response)
                let prompt = try await store.prompt(forEntry: entry.id) ?? ""
                return SemanticAnswer(
                    response: response, entry: entry, similarity: match.similarity, matchedPrompt: prompt)
            case .expired, .miss:
                index.remove([(scope, match.id)])
            case .tooOld:
                continue
            }
        }
        return nil
    }

    /// Adds a stored entry's vector to the index (after the store committed it).
    public func indexInserted(id: Int64, scope: String, vector: [Float]) {
        do {
            try index.insert(scope: scope, id: id, vector: vector)
        } catch {
            logger.warning("could not index a stored vector", metadata: ["id": "\(id)", "error": "\(error)"])
        }
    }

    /// Removes expired entries from the store and the index.
    @discardableResult
    public func sweepExpired() async throws -> Int {
        try await store.purge(PurgeSelector(expired: true), dryRun: false).entries
    }
}

/// A stored answer found by similarity.
public struct SemanticAnswer: Sendable {
    /// The stored response.
    public var response: LLMResponse
    /// The stored entry.
    public var entry: CacheEntry
    /// Cosine similarity between the request's last user turn and the stored prompt.
    public var similarity: Float
    /// The stored prompt that matched.
    public var matchedPrompt: String
}

/// The embedder did not answer within the configured time.
public struct EmbeddingTimeout: Error, CustomStringConvertible {
    /// The time limit.
    public var limit: Duration
    public var description: String { "embedding took longer than \(limit); the call went on uncached" }
}
