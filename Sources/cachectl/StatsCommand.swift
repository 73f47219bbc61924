import ArgumentParser
import CacheStore
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
        let store = try database.openForReading()
        let statistics = try await store.statistics()
        try await store.close()
        print(json ? try Formatting.json(StatsReport(statistics)) : Self.render(statistics))
    }

    static func render(_ statistics: StoreStatistics) -> String {
        var summary = TextTable(labelled: 2)
        summary.append(["Database", "\(statistics.path) (\(Formatting.bytes(statistics.fileBytes)) on disk)"])
        summary.append([
            "Entries",
            "\(Formatting.count(Int64(statistics.entries))) (\(Formatting.bytes(statistics.bytes))) in "
                + "\(statistics.namespaces) namespace\(statistics.namespaces == 1 ? "" : "s")",
        ])
        summary.append(["Expired", "\(statistics.expiredEntries) not yet purged"])
        summary.append(["Oldest", Formatting.date(statistics.oldest)])
        summary.append(["Newest", Formatting.date(statistics.newest)])
        let header = summary.rendered

        var layers = TextTable([
            ("Layer", .left), ("Hits", .right), ("Misses", .right), ("Bypasses", .right), ("Hit rate", .right),
            ("Tokens saved in", .right), ("Tokens saved out", .right), ("Money saved", .right),
        ])
        let names = statistics.layers.keys.sorted()
        for name in names {
            guard let counters = statistics.layers[name] else { continue }
            layers.append([
                name, Formatting.count(counters.hits), Formatting.count(counters.misses),
                Formatting.count(counters.bypasses), Formatting.percent(counters.hitRate),
                Formatting.count(counters.tokensSavedInput), Formatting.count(counters.tokensSavedOutput),
                Formatting.money(micros: counters.moneySavedMicros),
            ])
        }
        let layerText = names.isEmpty ? "No lookups recorded yet." : layers.rendered
        return header + "\n\n" + layerText
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

        enum CodingKeys: String, CodingKey {
            case hits, misses, bypasses
            case hitRate = "hit_rate"
            case tokensSavedInput = "tokens_saved_input"
            case tokensSavedOutput = "tokens_saved_output"
            case moneySavedMicros = "money_saved_micros"
            case moneySavedUSD = "money_saved_usd"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(hits, forKey: .hits)
            try container.encode(misses, forKey: .misses)
            try container.encode(bypasses, forKey: .bypasses)
            if let hitRate { try container.encode(hitRate, forKey: .hitRate) } else { try container.encodeNil(forKey: .hitRate) }
            try container.encode(tokensSavedInput, forKey: .tokensSavedInput)
            try container.encode(tokensSavedOutput, forKey: .tokensSavedOutput)
            try container.encode(moneySavedMicros, forKey: .moneySavedMicros)
            try container.encode(moneySavedUSD, forKey: .moneySavedUSD)
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

    enum CodingKeys: String, CodingKey {
        case path, entries, bytes, namespaces, oldest, newest, layers
        case fileBytes = "file_bytes"
        case expiredEntries = "expired_entries"
    }

    init(_ statistics: StoreStatistics) {
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
                moneySavedMicros: counters.moneySavedMicros, moneySavedUSD: Formatting.usd(micros: counters.moneySavedMicros))
        }
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
    }
}
