import ArgumentParser
import CacheStorage
import Foundation

/// `cachectl stats`: what is stored and how well the cache works.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show entries, bytes, hit rate per layer, tokens and money saved.",
        discussion: "The database is opened read-only; a missing file is an error.")

    @OptionGroup var database: DatabaseOption
    @Flag(help: "Print the stable JSON form (see README).") var json = false

    func run() async throws {
        let store = try await database.openForReading()
        let statistics = try await store.statistics()
        let spend = try await store.spendSummary(limit: 20)
        try await store.close()
        print(json ? try Formatting.json(StatsReport(statistics, spend: spend)) : Self.render(statistics, spend: spend))
    }

    static func render(_ statistics: StoreStatistics, spend: SpendSummary) -> String {
        var summary = TextTable(labelled: 2)
        summary.append(["Database", "\(statistics.path) (\(Formatting.bytes(statistics.fileBytes)) on disk)"])
        summary.append([
            "Entries",
            "\(Formatting.count(Int64(statistics.entries))) (\(Formatting.bytes(statistics.bytes))) in "
                + "\(statistics.namespaces) namespace\(statistics.namespaces == 1 ? "" : "s")",
        ])
        summary.append(["Expired", "\(statistics.expiredEntries) not yet purged"])
        summary.append([
            "Semantic",
            "\(Formatting.count(Int64(statistics.semanticEntries))) vectors (\(Formatting.bytes(statistics.semanticBytes))) in "
                + "\(statistics.semanticScopes) scope\(statistics.semanticScopes == 1 ? "" : "s")"
                + (statistics.embedding.map { ", \($0)" } ?? ""),
        ])
        summary.append(["Oldest", Formatting.date(statistics.oldest)])
        summary.append(["Newest", Formatting.date(statistics.newest)])
        let header = summary.rendered

        var layers = TextTable([
            ("Layer", .left), ("Hits", .right), ("Misses", .right), ("Bypasses", .right), ("Hit rate", .right),
            ("Tokens saved in", .right), ("Tokens saved out", .right), ("Money saved", .right),
            ("Mean similarity", .right), ("Failures", .right),
        ])
        let names = statistics.layers.keys.sorted()
        for name in names {
            guard let counters = statistics.layers[name] else { continue }
            layers.append([
                name, Formatting.count(counters.hits), Formatting.count(counters.misses),
                Formatting.count(counters.bypasses), Formatting.percent(counters.hitRate),
                Formatting.count(counters.tokensSavedInput), Formatting.count(counters.tokensSavedOutput),
                Formatting.money(micros: counters.moneySavedMicros),
                counters.meanSimilarity.map { String(format: "%.3f", $0) } ?? "-", Formatting.count(counters.failures),
            ])
        }
        let layerText = names.isEmpty ? "No lookups recorded yet." : layers.rendered
        return header + "\n\n" + layerText + "\n\n" + renderSpend(spend)
    }

    static func renderSpend(_ spend: SpendSummary) -> String {
        guard spend.total.calls > 0 else { return "No spend recorded yet." }
        var text = "Spend: \(Formatting.money(micros: spend.total.costMicros)) over \(spend.total.calls) calls"
        for (title, lines) in [("Model", spend.byModel), ("Tag", spend.byTag), ("Day (UTC)", spend.byDay)]
        where !lines.isEmpty {
            var table = TextTable([
                (title, .left), ("Calls", .right), ("Share", .right), ("Spent", .right), ("Tokens in", .right),
                ("Cache read", .right), ("Cache write", .right), ("Tokens out", .right),
            ])
            for line in lines {
                table.append([
                    line.group, Formatting.count(Int64(line.calls)),
                    Formatting.percent(Double(line.calls) / Double(spend.total.calls)),
                    Formatting.money(micros: line.costMicros), Formatting.count(line.inputTokens),
                    Formatting.count(line.cacheReadTokens), Formatting.count(line.cacheWriteTokens),
                    Formatting.count(line.outputTokens),
                ])
            }
            text += "\n\n" + table.rendered
        }
        return text
    }
}

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

        enum CodingKeys: String, CodingKey {
            case hits, misses, bypasses
            case hitRate = "hit_rate"
            case tokensSavedInput = "tokens_saved_input"
            case tokensSavedOutput = "tokens_saved_output"
            case moneySavedMicros = "money_saved_micros"
            case moneySavedUSD = "money_saved_usd"
            case meanSimilarity = "mean_similarity"
            case failures
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
        case path, entries, bytes, namespaces, oldest, newest, layers, semantic, spend
        case fileBytes = "file_bytes"
        case expiredEntries = "expired_entries"
    }

    init(_ statistics: StoreStatistics, spend: SpendSummary) {
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
                moneySavedMicros: counters.moneySavedMicros,
                moneySavedUSD: Formatting.usd(micros: counters.moneySavedMicros),
                meanSimilarity: counters.meanSimilarity, failures: counters.failures)
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
    }
}
