import ArgumentParser
import CacheStorage
import CostControl
import Foundation
import LLMCacheServer

/// `cachectl stats`: what is stored and how well the cache works.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show entries, bytes, hit rate per layer, tokens and money saved.",
        discussion: """
            The database is opened read-only; a missing file is an error. With --config (the proxy's \
            configuration file), today's spend is shown against its budget caps, overall and per cost tag, \
            with the alert levels reached; the file's db is used when --db is not given.
            """)

    @OptionGroup var database: DatabaseOption
    @Option(
        help: ArgumentHelp(
            "The proxy's JSON configuration file, whose budget caps (overall and per cost tag) are shown.",
            valueName: "file"))
    var config: String?
    @Flag(help: "Print the stable JSON form (see README).") var json = false

    func run() async throws {
        var database = database
        var limits: BudgetLimits?
        if let config {
            let settings: ProxyConfigurationFile
            do {
                settings = try ProxyConfigurationFile.load(contentsOf: config)
            } catch let error as ProxyConfigurationError {
                throw ValidationError(error.message)
            }
            if database.path == nil, let path = settings.database { database.path = path }
            var configuration = ProxyConfiguration()
            settings.apply(to: &configuration, environment: [:])
            limits = configuration.budget
        }
        let store = try await database.openForReading()
        let statistics = try await store.statistics()
        let spend = try await store.spendSummary(limit: 20)
        let budget = try await limits.asyncMap { limits in
            try await BudgetReport.read(limits: limits, config: config ?? "", from: store)
        }
        try await store.close()
        print(
            json
                ? try Formatting.json(StatsReport(statistics, spend: spend, budget: budget))
                : Self.render(statistics, spend: spend, budget: budget))
    }

    static func render(_ statistics: StoreStatistics, spend: SpendSummary, budget: BudgetReport? = nil) -> String {
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
                Formatting.money(micros: counters.moneySaved.rawValue),
                counters.meanSimilarity.map { String(format: "%.3f", $0) } ?? "-", Formatting.count(counters.failures),
            ])
        }
        var layerText = names.isEmpty ? "No lookups recorded yet." : layers.rendered
        for name in names {
            guard let other = statistics.layers[name]?.other, !other.isEmpty else { continue }
            let parts = other.sorted { $0.key < $1.key }.map {
                "\($0.key.replacingOccurrences(of: "_", with: " ")) \(Formatting.count($0.value))"
            }
            layerText += "\n\(name): " + parts.joined(separator: ", ")
        }
        return header + "\n\n" + layerText + "\n\n" + renderSpend(spend) + (budget.map { "\n\n" + $0.rendered } ?? "")
    }

    static func renderSpend(_ spend: SpendSummary) -> String {
        guard spend.total.calls > 0 else { return "No spend recorded yet." }
        var text = "Spend: \(Formatting.money(micros: spend.total.cost.rawValue)) over \(spend.total.calls) calls"
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
                    Formatting.money(micros: line.cost.rawValue), Formatting.count(line.inputTokens),
                    Formatting.count(line.cacheReadTokens), Formatting.count(line.cacheWriteTokens),
                    Formatting.count(line.outputTokens),
                ])
            }
            text += "\n\n" + table.rendered
        }
        return text
    }
}

extension Optional {
    /// The value mapped by the asynchronous `transform`, or `nil`.
    fileprivate func asyncMap<Mapped>(_ transform: (Wrapped) async throws -> Mapped) async rethrows -> Mapped? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
