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

            decide: the pairs one by one: would text_b be served text_a's answer? Precision and recall per \
            "category" when the file has one, and what each guard refuses of what the static τ serves.

            --policy static,guarded,bounded runs the stream (or decide) protocol through the semantic layer's \
            own decision path: static = cosine ≥ τ; guarded = the same with the guards; bounded = a maximum \
            wrong-hit rate (--delta) from the calibration, learning from explored lookups and verified near \
            misses as it goes (the labels are the judge; an explored lookup counts as an upstream call). It \
            reports the hit rate, the wrong-hit rate with its 95 % interval, the exploration rate and the \
            money at the chosen model's prices. Static and guarded run at each --thresholds (default 0.90).

            Without --dataset the shipped data/demo-pairs.jsonl is used, found like the pricing file: \
            beside the executable or any folder above it, share/llmcache/ beside an installed bin/, or the \
            current directory or any folder above it. The money line prices the correct hits at the chosen \
            model's prices from the pricing file, at the stated tokens per call.
            """)

    /// The protocol, as spelled on the command line.
    enum ProtocolKind: String, CaseIterable, ExpressibleByArgument {
        case pairs
        case stream
        case decide

        var evaluationProtocol: EvaluationProtocol? {
            switch self {
            case .pairs: .pairs
            case .stream: .stream
            case .decide: nil
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

    @Option(name: .customLong("protocol"), help: "pairs, stream or decide.")
    var evaluationProtocol: ProtocolKind = .pairs

    @Option(help: "The embedder: minilm (all-MiniLM-L6-v2) or lexical (hashed words and trigrams).")
    var embedder: EmbedderKind = .minilm

    @Option(
        name: .customLong("model-dir"),
        help: "The directory holding the model files (default: $LLMCACHE_MODEL_DIR, else the user cache).")
    var modelDirectory: String?

    @Option(
        help: "Comma-separated cosine thresholds, each in [-1, 1] (default: 0.60 to 0.98).",
        transform: ThresholdArgument.parseList)
    var thresholds: [Float]?

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
        help: "The τ the money line is computed at (default: the semantic cache's default threshold).",
        transform: ThresholdArgument.parse)
    var savingsThreshold: Float?

    @Option(help: "How many of the most similar wrong hits at the savings threshold to list.")
    var examples: Int = 5

    @Option(help: "The pricing file (default: found as `cachectl pricing` finds it).")
    var pricing: String?

    @Option(name: .customLong("blas-threads"), help: "OpenBLAS threads per call.")
    var blasThreads: Int = BLASThreading.recommendedThreadCount

    @Option(help: "How many embedding calls run at once.")
    var jobs: Int = 1

    @Option(
        help: "Comma-separated policies to run instead of the threshold sweep: static, guarded, bounded.",
        transform: PolicyKind.parseList)
    var policy: [PolicyKind]?

    @Option(
        help: "Comma-separated maximum wrong-hit rates of the bounded policy (default: 0.01,0.02,0.05).",
        transform: GuardsOption.parseRates)
    var delta: [Double]?

    @Option(help: "The calibration of the bounded policy (default: the shipped one, for MiniLM).")
    var calibration: String?

    @Option(
        name: .customLong("disable-guards"),
        help: "Comma-separated guards to switch off (number, negation, order, entity, scope).",
        transform: GuardsOption.parse)
    var disabledGuards: Set<GuardKind> = []

    @Option(
        name: .customLong("vectors-cache"),
        help: "A file to keep the dataset's embeddings in between runs (reused when texts and model match).")
    var vectorsCache: String?

    @Option(help: "How one lookup reads the index: int8 (an int8 scan rescored in float32) or float32.")
    var scan: SemanticIndex.Scan = .int8

    @Flag(
        name: .customLong("compare-scans"),
        help: "Compare the int8 and the float32 scan lookup by lookup (same neighbour, similarity, decisions).")
    var compareScans = false

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
        if tokensIn < 0 || tokensOut < 0 { throw ValidationError("--tokens-in and --tokens-out cannot be negative") }
        if examples < 0 { throw ValidationError("--examples cannot be negative") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if blasThreads < 1 { throw ValidationError("--blas-threads must be at least 1") }
    }

    func run() async throws {
        let sweep = thresholds ?? SimilarityThresholds.defaultSweep
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

        if compareScans {
            try await runScanComparison(data: data, embedder: chosen, thresholds: Array(Set(sweep)).sorted())
            return
        }
        guard let legacyProtocol = evaluationProtocol.evaluationProtocol, policy == nil else {
            try await runPolicies(data: data, embedder: chosen, price: price)
            return
        }
        let benchmark = try HitRateBenchmark(
            evaluationProtocol: legacyProtocol,
            thresholds: Array(Set(sweep + [moneyThreshold])).sorted(), exampleThreshold: moneyThreshold,
            exampleCount: examples, embeddingConcurrency: jobs, scan: scan)
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
