import Foundation
import LLMCore

/// Hit and saving counters of one cache layer, as kept in the store across restarts.
public struct LayerCounters: Sendable, Hashable, Codable {
    /// Lookups answered from this layer.
    public var hits: Int64 = 0
    /// Lookups this layer could not answer.
    public var misses: Int64 = 0
    /// Calls that skipped this layer (not cacheable, or the caller said so).
    public var bypasses: Int64 = 0
    /// Input tokens not sent upstream thanks to hits.
    public var tokensSavedInput: Int64 = 0
    /// Output tokens not generated upstream thanks to hits.
    public var tokensSavedOutput: Int64 = 0
    /// Money not spent thanks to hits.
    public var moneySaved: MicroDollars = .zero
    /// Sum of the similarity of hits, in millionths (semantic layer; mean = sum / hits).
    public var similaritySumMicros: Int64 = 0
    /// Times the layer failed and the call went on uncached (store errors, embedding time-outs).
    public var failures: Int64 = 0
    /// The layer's other counters by name: for the semantic layer, candidates refused per guard
    /// (`refused_number`…), lookups explored (`explored`), near misses verified (`verified`) and judged
    /// wrong (`judged_wrong`).
    public var other: [String: Int64] = [:]

    public init() {}

    /// The mean similarity of hits, or `nil` when none were recorded.
    public var meanSimilarity: Double? {
        hits == 0 || similaritySumMicros == 0 ? nil : Double(similaritySumMicros) / 1e6 / Double(hits)
    }

    /// hits / (hits + misses), or `nil` before any lookup.
    public var hitRate: Double? {
        let lookups = hits + misses
        return lookups == 0 ? nil : Double(hits) / Double(lookups)
    }

    enum CodingKeys: String, CodingKey {
        case hits, misses, bypasses
        case tokensSavedInput = "tokens_saved_input"
        case tokensSavedOutput = "tokens_saved_output"
        case moneySaved = "money_saved_micros"
        case similaritySumMicros = "similarity_sum_micros"
        case failures, other
    }

    package mutating func set(_ name: String, _ value: Int64) {
        switch name {
        case CounterName.hits: hits = value
        case CounterName.misses: misses = value
        case CounterName.bypasses: bypasses = value
        case CounterName.tokensSavedInput: tokensSavedInput = value
        case CounterName.tokensSavedOutput: tokensSavedOutput = value
        case CounterName.moneySavedMicros: moneySaved = MicroDollars(value)
        case CounterName.similaritySumMicros: similaritySumMicros = value
        case CounterName.failures: failures = value
        default: other[name] = value
        }
    }
}

/// The counter names a layer keeps.
public enum CounterName {
    public static let hits = "hits"
    public static let misses = "misses"
    public static let bypasses = "bypasses"
    public static let tokensSavedInput = "tokens_saved_input"
    public static let tokensSavedOutput = "tokens_saved_output"
    public static let moneySavedMicros = "money_saved_micros"
    public static let similaritySumMicros = "similarity_sum_micros"
    public static let failures = "failures"
    /// Semantic candidates refused by a guard: this prefix and the guard's name (`refused_number`).
    public static let refusedPrefix = "refused_"
    /// Semantic candidates refused because their entry was labelled wrong at that similarity or above.
    public static let refusedByLabel = "refused_by_label"
    /// Would-be semantic hits sent upstream to be judged.
    public static let explored = "explored"
    /// Semantic near misses whose candidate was judged against the fresh answer.
    public static let verified = "verified"
    /// Judged candidates (explored or verified) whose stored answer was wrong.
    public static let judgedWrong = "judged_wrong"
}

/// What is in a store, for `cachectl stats`.
public struct StoreStatistics: Sendable, Hashable {
    /// The database path.
    public var path: String
    /// Entries stored (expired ones included until purged).
    public var entries: Int
    /// Bytes of stored entries.
    public var bytes: Int64
    /// Entries past their TTL that are still in the file.
    public var expiredEntries: Int
    /// Distinct namespaces.
    public var namespaces: Int
    /// The oldest entry's store time.
    public var oldest: Date?
    /// The newest entry's store time.
    public var newest: Date?
    /// The database file's size on disk, WAL included.
    public var fileBytes: Int64
    /// Counters per layer name (`exact`, `semantic`, ...).
    public var layers: [String: LayerCounters]
    /// Entries that carry a vector for the semantic layer.
    public var semanticEntries: Int = 0
    /// Bytes of stored vectors and embedded prompts.
    public var semanticBytes: Int64 = 0
    /// Distinct semantic scopes.
    public var semanticScopes: Int = 0
    /// The embedder that wrote the vectors, once one has.
    public var embedding: EmbeddingSignature?

    /// A value with every field given.
    package init(
        path: String, entries: Int, bytes: Int64, expiredEntries: Int, namespaces: Int, oldest: Date?, newest: Date?,
        fileBytes: Int64, layers: [String: LayerCounters]
    ) {
        self.path = path
        self.entries = entries
        self.bytes = bytes
        self.expiredEntries = expiredEntries
        self.namespaces = namespaces
        self.oldest = oldest
        self.newest = newest
        self.fileBytes = fileBytes
        self.layers = layers
    }
}
