import ArgumentParser
import CacheStorage
import Foundation

/// The `--json` form of `cachectl stats`. Field names and meanings are stable.
struct StatsReport: Encodable {
    struct Layer: Encodable {
        var hits: Int64
        var misses: Int64
        var bypasses: Int64
        var hitRate: Double?
        var tokensSavedInput: Int64
        var tokensSavedOutput: Int64
        var moneySavedMicros: Int64
        var moneySavedUSD: String
        var meanSimilarity: Double?
        var failures: Int64
        /// The layer's other counters (semantic: refusals per guard, explored, verified, judged wrong).
        var other: [String: Int64]

        enum CodingKeys: String, CodingKey {
            case hits, misses, bypasses
            case hitRate = "hit_rate"
            case tokensSavedInput = "tokens_saved_input"
            case tokensSavedOutput = "tokens_saved_output"
            case moneySavedMicros = "money_saved_micros"
            case moneySavedUSD = "money_saved_usd"
            case meanSimilarity = "mean_similarity"
            case failures, other
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(hits, forKey: .hits)
            try container.encode(misses, forKey: .misses)
            try container.encode(bypasses, forKey: .bypasses)
            if let hitRate {
                try container.encode(hitRate, forKey: .hitRate)
            } else {
                try container.encodeNil(forKey: .hitRate)
            }
            try container.encode(tokensSavedInput, forKey: .tokensSavedInput)
            try container.encode(tokensSavedOutput, forKey: .tokensSavedOutput)
            try container.encode(moneySavedMicros, forKey: .moneySavedMicros)
            try container.encode(moneySavedUSD, forKey: .moneySavedUSD)
            try container.encode(meanSimilarity, forKey: .meanSimilarity)
            try container.encode(failures, forKey: .failures)
            try container.encode(other, forKey: .other)
        }
    }

    var path: String
    var entries: Int
    var bytes: Int64
    var fileBytes: Int64
    var expiredEntries: Int
    var namespaces: Int
    var oldest: String?
    var newest: String?
    var layers: [String: Layer]
    var semantic: Semantic
    var spend: Spend
    /// Today's spend against the budget caps of `--config`; `nil` without it (the key is then absent).
    var budget: BudgetReport?

    /// The semantic layer's stored vectors.
    struct Semantic: Encodable {
        var entries: Int
        var bytes: Int64
        var scopes: Int
        var embedder: String?
        var dimension: Int?
    }

    /// The cost ledger, grouped.
    struct Spend: Encodable {
        var total: SpendLine
        var byModel: [SpendLine]
        var byTag: [SpendLine]
        var byDay: [SpendLine]

        enum CodingKeys: String, CodingKey {
            case total
            case byModel = "by_model"
            case byTag = "by_tag"
            case byDay = "by_day"
        }
    }

    enum CodingKeys: String, CodingKey {
        case path, entries, bytes, namespaces, oldest, newest, layers, semantic, spend, budget
        case fileBytes = "file_bytes"
        case expiredEntries = "expired_entries"
    }

    init(_ statistics: StoreStatistics, spend: SpendSummary, budget: BudgetReport? = nil) {
        self.budget = budget
        path = statistics.path
        entries = statistics.entries
        bytes = statistics.bytes
        fileBytes = statistics.fileBytes
        expiredEntries = statistics.expiredEntries
        namespaces = statistics.namespaces
        oldest = Formatting.iso(statistics.oldest)
        newest = Formatting.iso(statistics.newest)
        layers = statistics.layers.mapValues { counters in
            Layer(
                hits: counters.hits, misses: counters.misses, bypasses: counters.bypasses, hitRate: counters.hitRate,
                tokensSavedInput: counters.tokensSavedInput, tokensSavedOutput: counters.tokensSavedOutput,
                moneySavedMicros: counters.moneySaved.rawValue,
                moneySavedUSD: Formatting.usd(micros: counters.moneySaved.rawValue),
                meanSimilarity: counters.meanSimilarity, failures: counters.failures, other: counters.other)
        }
        semantic = Semantic(
            entries: statistics.semanticEntries, bytes: statistics.semanticBytes, scopes: statistics.semanticScopes,
            embedder: statistics.embedding?.model, dimension: statistics.embedding?.dimension)
        self.spend = Spend(total: spend.total, byModel: spend.byModel, byTag: spend.byTag, byDay: spend.byDay)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(entries, forKey: .entries)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(fileBytes, forKey: .fileBytes)
        try container.encode(expiredEntries, forKey: .expiredEntries)
        try container.encode(namespaces, forKey: .namespaces)
        try container.encode(oldest, forKey: .oldest)
        try container.encode(newest, forKey: .newest)
        try container.encode(layers, forKey: .layers)
        try container.encode(semantic, forKey: .semantic)
        try container.encode(spend, forKey: .spend)
        try container.encodeIfPresent(budget, forKey: .budget)
    }
}
