import ArgumentParser
import CostControl
import Embeddings
import Foundation
import LLMCore
import SemanticCache
import SemanticEvaluation
import Synchronization

/// `cachectl bench hitrate`: how often, and how rightly, the semantic cache would hit on a labelled
/// pair dataset, per cosine threshold.
struct HitRateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hitrate",
        abstract: "Measure the semantic cache's hit rate and precision per threshold on labelled pairs.",
        discussion: """
            The dataset holds labelled pairs: JSON Lines or a JSON list of {"text_a", "text_b", "label"} \
            (label 1: the two ask the same thing), or a JSON list of {"origin", "similar"} (all label 1). \
            Texts joined by label-1 pairs form one duplicate class; identical strings are one text.

            pairs: the cache holds every distinct text_a; every text_b is a query; its top-1 neighbour is a \
            hit when cosine >= τ, correct when it is in the query's class. precision = correct / hits; \
            recall = correct / queries whose class has a cached member; hit rate = hits / queries.

            stream: every text of every pair (repeats kept), shuffled as Python's random.Random(7).shuffle \
            does, is looked up in an empty cache and inserted on a miss; one pass per τ.

            Without --dataset the shipped data/demo-pairs.jsonl is used, found like the pricing file: \
            beside the executable or any folder above it, share/llmcache/ beside an installed bin/, or the \
            current directory or any folder above it. The money line prices the correct hits at the chosen \
            model's prices from the pricing file, at the stated tokens per call.
            """)

    /// Which embedder computes the vectors.
    enum EmbedderKind: String, CaseIterable, ExpressibleByArgument {
        case minilm
        case lexical
    }

    /// The protocol, as spelled on the command line.
    enum ProtocolKind: String, CaseIterable, ExpressibleByArgument {
        case pairs
        case stream

        var evaluationProtocol: EvaluationProtocol {
            switch self {
            case .pairs: .pairs
            case .stream: .stream
            }
        }
    }

    /// What to do with an empty or malformed dataset line.
    enum BadLineChoice: String, CaseIterable, ExpressibleByArgument {
        case skip
        case stop

        var policy: BadLinePolicy {
            switch self {
            case .skip: .skip
            case .stop: .stop
            }
        }
    }

    /// The dataset file shipped with the package.
    static let demoDatasetName = "demo-pairs.jsonl"
    static let defaultPriceModel = "claude-sonnet-4-5"
    static let defaultTokensIn = 500
    static let defaultTokensOut = 250

    @Option(help: "The labelled-pair file (default: the shipped data/\(HitRateCommand.demoDatasetName)).")
    var dataset: String?

    @Option(name: .customLong("protocol"), help: "pairs or stream.")
    var evaluationProtocol: ProtocolKind = .pairs

    @Option(help: "The embedder: minilm (all-MiniLM-L6-v2) or lexical (hashed words and trigrams).")
    var embedder: EmbedderKind = .minilm

    @Option(
        name: .customLong("model-dir"),
        help: "The directory holding the model files (default: $LLMCACHE_MODEL_DIR, else the user cache).")
    var modelDirectory: String?

    @Option(help: "Comma-separated cosine thresholds, each in [-1, 1] (default: 0.60 to 0.98).")
    var thresholds: String?

    @Option(help: "Use only the first N usable pairs.")
    var limit: Int?

    @Option(name: .customLong("on-bad-line"), help: "Empty or malformed lines: skip them or stop at the first.")
    var onBadLine: BadLineChoice = .stop

    @Option(name: .customLong("price-model"), help: "The model whose prices the money line uses.")
    var priceModel: String = HitRateCommand.defaultPriceModel

    @Option(name: .customLong("tokens-in"), help: "Input tokens assumed per call for the money line.")
    var tokensIn: Int = HitRateCommand.defaultTokensIn

    @Option(name: .customLong("tokens-out"), help: "Output tokens assumed per call for the money line.")
    var tokensOut: Int = HitRateCommand.defaultTokensOut

    @Option(
        name: .customLong("savings-threshold"),
        help: "The τ the money line is computed at (default: the semantic cache's default threshold).")
    var savingsThreshold: Float?

    @Option(help: "How many of the most similar wrong hits at the savings threshold to list.")
    var examples: Int = 5

    @Option(help: "The pricing file (default: found as `cachectl pricing` finds it).")
    var pricing: String?

    @Option(name: .customLong("blas-threads"), help: "OpenBLAS threads per call.")
    var blasThreads: Int = BLASThreading.recommendedThreadCount

    @Option(help: "How many embedding calls run at once.")
    var jobs: Int = 1

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    func validate() throws {
        if let thresholds {
            do { _ = try SimilarityThresholds.parse(thresholds) } catch { throw ValidationError("\(error)") }
        }
        if let savingsThreshold {
            do { try SimilarityThresholds.validate(savingsThreshold) } catch {
                throw ValidationError("--savings-threshold: \(error)")
            }
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
        if tokensIn < 0 || tokensOut < 0 { throw ValidationError("--tokens-in and --tokens-out cannot be negative") }
        if examples < 0 { throw ValidationError("--examples cannot be negative") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if blasThreads < 1 { throw ValidationError("--blas-threads must be at least 1") }
    }

    func run() async throws {
        let sweep = try thresholds.map(SimilarityThresholds.parse) ?? SimilarityThresholds.defaultSweep
        let moneyThreshold = savingsThreshold ?? SemanticCacheConfiguration().threshold
        let pricingURL = try pricing.map { URL(fileURLWithPath: $0) } ?? PricingFileLocator.locate()
        let price = try PricingTable.load(contentsOf: pricingURL).price(for: priceModel)
        let datasetPath = try dataset ?? ShippedDataFile.locate(Self.demoDatasetName, option: "--dataset")

        let data: PairDataset
        do {
            data = try PairDataset.load(path: datasetPath, onBadLine: onBadLine.policy, limit: limit)
        } catch DatasetError.badLine(let line) {
            throw ValidationError("\(line)\nPass --on-bad-line skip to leave such lines out.")
        }
        if !json { Self.reportSkipped(data.skipped) }

        let chosen: any Embedder
        switch embedder {
        case .minilm: chosen = try MiniLMEmbedder(modelDirectory: modelDirectory, options: .init(blasThreadCount: nil))
        case .lexical: chosen = LexicalEmbedder()
        }
        BLASThreading.setThreadCount(blasThreads)

        let benchmark = try HitRateBenchmark(
            evaluationProtocol: evaluationProtocol.evaluationProtocol,
            thresholds: Array(Set(sweep + [moneyThreshold])).sorted(), exampleThreshold: moneyThreshold,
            exampleCount: examples, embeddingConcurrency: jobs)
        let bar = ProgressBar(enabled: !json && isatty(STDERR_FILENO) == 1)
        let report = try await benchmark.run(dataset: data, embedder: chosen) { bar.update($0) }
        bar.finish()

        let savings = Savings(
            report: report, threshold: moneyThreshold, price: price, tokensIn: tokensIn, tokensOut: tokensOut)
        if json {
            print(
                try Formatting.json(Document(report: report, savings: savings, blasThreads: BLASThreading.threadCount)))
        } else {
            print(Self.render(report, savings: savings, blasThreads: BLASThreading.threadCount))
        }
    }

    static func reportSkipped(_ skipped: [DatasetLineError]) {
        guard !skipped.isEmpty else { return }
        var lines = skipped.prefix(20).map { "skipped \($0)" }
        if skipped.count > 20 { lines.append("… and \(skipped.count - 20) more bad lines skipped") }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

// MARK: - Money

extension HitRateCommand {
    /// What the correct hits at one threshold would have cost at one model's prices.
    struct Savings: Encodable {
        var model: String
        var threshold: Float
        var tokensIn: Int
        var tokensOut: Int
        var correctHits: Int
        var wrongHits: Int
        var costPerCallMicros: Int64
        var savedMicros: Int64

        init(report: HitRateReport, threshold: Float, price: ModelPrice, tokensIn: Int, tokensOut: Int) {
            let metrics = report.metrics(at: threshold)
            model = price.id
            self.threshold = threshold
            self.tokensIn = tokensIn
            self.tokensOut = tokensOut
            correctHits = metrics?.correctHits ?? 0
            wrongHits = metrics?.wrongHits ?? 0
            costPerCallMicros = price.cost(of: Usage(inputTokens: tokensIn, outputTokens: tokensOut)).rawValue
            savedMicros =
                price.cost(of: Usage(inputTokens: tokensIn * correctHits, outputTokens: tokensOut * correctHits))
                .rawValue
        }

        enum CodingKeys: String, CodingKey {
            case model, threshold
            case tokensIn = "tokens_in_per_call"
            case tokensOut = "tokens_out_per_call"
            case correctHits = "correct_hits"
            case wrongHits = "wrong_hits"
            case costPerCall = "cost_per_call_usd"
            case saved = "saved_usd"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(model, forKey: .model)
            try container.encode((Double(threshold) * 1_000_000).rounded() / 1_000_000, forKey: .threshold)
            try container.encode(tokensIn, forKey: .tokensIn)
            try container.encode(tokensOut, forKey: .tokensOut)
            try container.encode(correctHits, forKey: .correctHits)
            try container.encode(wrongHits, forKey: .wrongHits)
            try container.encode(Formatting.usd(micros: costPerCallMicros), forKey: .costPerCall)
            try container.encode(Formatting.usd(micros: savedMicros), forKey: .saved)
        }
    }

    /// The `--json` output.
    struct Document: Encodable {
        var report: HitRateReport
        var savings: Savings
        var blasThreads: Int

        enum CodingKeys: String, CodingKey {
            case report, savings
            case blasThreads = "blas_threads"
        }
    }
}

// MARK: - Text output

extension HitRateCommand {
    static func render(_ report: HitRateReport, savings: Savings, blasThreads: Int) -> String {
        var out: [String] = []
        out.append("Hit-rate benchmark, \(report.evaluationProtocol.rawValue) protocol, on \(report.dataset)")
        out.append(
            "Embedder: \(report.model) (\(report.dimension)-d); OpenBLAS threads: \(blasThreads)")
        var counts =
            "Pairs: \(count(report.pairs)) (\(count(report.duplicatePairs)) labelled duplicates); "
            + "distinct texts: \(count(report.distinctTexts)); duplicate classes: \(count(report.classes))"
        if report.skippedLines > 0 { counts += "; bad lines skipped: \(count(report.skippedLines))" }
        out.append(counts)
        if let first = report.thresholds.first {
            switch report.evaluationProtocol {
            case .pairs:
                out.append(
                    "Cache: \(count(report.cachedTexts ?? 0)) texts; queries: \(count(first.queries)) "
                        + "(should hit: \(count(first.shouldHit)))")
            case .stream:
                out.append("Stream: \(count(first.queries)) lookups per τ, shuffled with random.Random(7)")
            }
        }
        out.append("")

        var table = TextTable([
            ("τ", .right), ("HIT RATE", .right), ("PRECISION", .right), ("RECALL", .right), ("F1", .right),
            ("HITS", .right), ("WRONG HITS", .right), ("WRONG-HIT RATE", .right),
        ])
        for metrics in report.thresholds {
            table.append([
                String(format: "%.2f", metrics.threshold), Formatting.percent(metrics.hitRate),
                decimal(metrics.precision), decimal(metrics.recall), decimal(metrics.f1), count(metrics.hits),
                count(metrics.wrongHits), Formatting.percent(metrics.wrongHitRate),
            ])
        }
        out.append(table.rendered)
        out.append("")

        if let best = report.bestF1 {
            out.append(
                "Best F1: \(decimal(best.f1)) at τ = \(String(format: "%.2f", best.threshold)) "
                    + "(precision \(decimal(best.precision)), recall \(decimal(best.recall)))")
        } else {
            out.append("Best F1: undefined (no threshold had hits)")
        }
        for target in report.recallAtPrecision {
            let label = "Recall at precision ≥ \(String(format: "%.2f", target.minimumPrecision)):"
            if let best = target.best {
                out.append(
                    "\(label) \(decimal(best.recall)) at τ = \(String(format: "%.2f", best.threshold)) "
                        + "(precision \(decimal(best.precision)), \(count(best.hits)) hits)")
            } else {
                out.append("\(label) not reached by any τ with at least \(target.minimumHits) hits")
            }
        }
        out.append("")

        let embedding = report.embedding
        let textsPerSecond =
            embedding.total.milliseconds > 0 ? Double(report.distinctTexts) / (embedding.total.milliseconds / 1000) : 0
        out.append(
            "Embedding: \(count(report.distinctTexts)) texts in \(count(embedding.count)) calls of up to "
                + "\(report.embeddingBatchSize); per call p50 \(ms(embedding.p50)), p99 \(ms(embedding.p99)) "
                + "(\(String(format: "%.0f", textsPerSecond)) texts/s of call time)")
        let lookup = report.lookup
        if report.lookupBatchSize > 1 {
            let perQuery = lookup.p50.milliseconds / Double(report.lookupBatchSize)
            out.append(
                "Lookup: \(count(lookup.count)) batched searches of up to \(report.lookupBatchSize) queries "
                    + "(one sgemm each); per search p50 \(ms(lookup.p50)), p99 \(ms(lookup.p99)) "
                    + "(p50 \(String(format: "%.3f", perQuery)) ms per query)")
        } else {
            out.append(
                "Lookup: \(count(lookup.count)) single searches (one sgemv each, cache growing); "
                    + "p50 \(ms(lookup.p50)), p99 \(ms(lookup.p99))")
        }
        out.append("")
        out.append(
            "Money: at τ = \(String(format: "%.2f", savings.threshold)), \(count(savings.correctHits)) correct hits "
                + "would have cost \(Formatting.money(micros: savings.savedMicros)) at \(savings.model) prices, "
                + "assuming \(count(savings.tokensIn)) input + \(count(savings.tokensOut)) output tokens per call "
                + "(\(Formatting.money(micros: savings.costPerCallMicros)) per call); "
                + "\(count(savings.wrongHits)) wrong hits would have been served.")
        if !report.wrongHitExamples.isEmpty {
            out.append("")
            out.append("Most similar wrong hits at τ = \(String(format: "%.2f", savings.threshold)):")
            for example in report.wrongHitExamples {
                out.append("  \(String(format: "%.3f", example.similarity))  \(example.query)")
                out.append("         served: \(example.neighbour)")
            }
        }
        return out.joined(separator: "\n")
    }

    private static func count(_ value: Int) -> String { Formatting.count(Int64(value)) }

    private static func decimal(_ value: Double?) -> String {
        value.map { String(format: "%.3f", $0) } ?? "-"
    }

    private static func ms(_ duration: Duration) -> String {
        String(format: "%.3f ms", duration.milliseconds)
    }
}

// MARK: - Progress

extension HitRateCommand {
    /// A one-line progress bar on standard error, redrawn when the shown percentage changes.
    final class ProgressBar: Sendable {
        private struct State {
            var phase = ""
            var percent = -1
            var drawn = false
        }

        private let enabled: Bool
        private let state = Mutex(State())

        init(enabled: Bool) { self.enabled = enabled }

        func update(_ progress: HitRateProgress) {
            guard enabled else { return }
            let percent = Int(progress.fraction * 100)
            let line: String? = state.withLock { state in
                guard state.phase != progress.phase || state.percent != percent else { return nil }
                state.phase = progress.phase
                state.percent = percent
                state.drawn = true
                let width = 30
                let filled = percent * width / 100
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                return "\r\u{1B}[2K\(progress.phase) [\(bar)] \(percent)% "
                    + "\(progress.completed)/\(progress.total)"
            }
            if let line { FileHandle.standardError.write(Data(line.utf8)) }
        }

        func finish() {
            guard enabled, state.withLock({ $0.drawn }) else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        }
    }
}
