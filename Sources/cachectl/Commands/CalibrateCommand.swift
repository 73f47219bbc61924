import ArgumentParser
import Embeddings
import Foundation
import LLMCore
import SemanticCache
import SemanticEvaluation

/// `cachectl calibrate --dataset FILE`: fits the bounded policy's calibration on the user's own labelled
/// pairs, so that its wrong-hit bound holds for their kind of prompts.
struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit the semantic cache's calibration (P(correct | similarity)) on labelled pairs.",
        discussion: """
            The dataset is a labelled-pair file as `cachectl bench hitrate` reads it. Its texts run through \
            the stream protocol (shuffled, each looked up and then stored); every lookup is counted with the \
            similarity of its best candidate that the guards let through and whether that candidate is in \
            the text's duplicate class. The counts are written as JSON (--output), for \
            `SemanticCacheConfiguration.calibration` (`try SimilarityCalibration.load(contentsOf:)`) or the \
            proxy's `--calibration FILE`. The summary shows the threshold the bounded policy would start at \
            for several wrong-hit rates.
            """)

    @Option(help: "The labelled-pair file.")
    var dataset: String

    @Option(help: "Where to write the calibration JSON (default: print it).")
    var output: String?

    @Option(name: .customLong("swift-output"), help: "Also write it as Swift source of the shipped calibration.")
    var swiftOutput: String?

    @Option(help: "The embedder: minilm (all-MiniLM-L6-v2) or lexical (hashed words and trigrams).")
    var embedder: EmbedderKind = .minilm

    @Option(
        name: .customLong("model-dir"),
        help: "The directory holding the model files (default: $LLMCACHE_MODEL_DIR, else the user cache).")
    var modelDirectory: String?

    @Option(
        name: .customLong("disable-guards"), help: "Comma-separated guards to switch off, as the cache will run.",
        transform: GuardsOption.parse)
    var disabledGuards: Set<GuardKind> = []

    @Option(name: .customLong("vectors-cache"), help: "A file to keep the dataset's embeddings in between runs.")
    var vectorsCache: String?

    @Option(help: "How the calibration names its data (default: the dataset's file name).")
    var source: String?

    @Option(help: "Use only the first N usable pairs.")
    var limit: Int?

    @Option(help: "Use only the pairs after the first N (to hold the first N out for measuring).")
    var skip: Int = 0

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
        if skip < 0 { throw ValidationError("--skip cannot be negative") }
    }

    func run() async throws {
        var data: PairDataset
        do {
            data = try PairDataset.load(path: dataset, limit: limit.map { $0 + skip })
        } catch DatasetError.badLine(let line) {
            throw ValidationError("\(line)\nFix or remove the line; every line must be a labelled pair.")
        }
        data.pairs = Array(data.pairs.dropFirst(skip))
        guard !data.pairs.isEmpty else { throw ValidationError("no pairs left after skipping \(skip)") }
        let chosen = try embedder.make(modelDirectory: modelDirectory)
        let classes = DuplicateClasses(pairs: data.pairs)
        let bar = HitRateCommand.ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
        let vectors = try await EmbeddedTexts.vectors(
            of: classes.texts, with: chosen, cache: vectorsCache.map(VectorCacheFile.init(path:))
        ) { bar.update($0) }
        let calibration = try CalibrationFit(guards: HitGuards(disabled: disabledGuards)).fit(
            pairs: data.pairs, classes: classes, vectors: vectors, model: chosen.modelIdentifier,
            source: source
                ?? (URL(fileURLWithPath: dataset).lastPathComponent + (skip > 0 ? " after \(skip) pairs" : ""))
        ) { bar.update($0) }
        bar.finish()
        let json = String(decoding: try calibration.encoded(), as: UTF8.self)
        if let output {
            try Data((json + "\n").utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            print(json)
        }
        if let swiftOutput {
            try Data(Self.swiftSource(calibration).utf8).write(to: URL(fileURLWithPath: swiftOutput), options: .atomic)
        }
        FileHandle.standardError.write(Data((Self.summary(calibration) + "\n").utf8))
    }

    /// What the calibration says, in a few lines.
    static func summary(_ calibration: SimilarityCalibration) -> String {
        let candidates = calibration.bins.reduce(0) { $0 + $1.candidates }
        let wrong = calibration.bins.reduce(0) { $0 + $1.wrong }
        var lines = [
            "Calibrated \(calibration.model) on \(calibration.source): \(calibration.lookups) lookups, "
                + "\(candidates) with a candidate ≥ \(calibration.lowest) (\(wrong) of them wrong); guards: "
                + (calibration.guards.isEmpty ? "none" : calibration.guards.map(\.rawValue).joined(separator: ", "))
        ]
        for delta in [0.005, 0.01, 0.02, 0.05] {
            let threshold = HitDecider(policy: .bounded(maxWrongHitRate: delta), calibration: calibration)
                .currentThreshold(scope: "")
            lines.append("  max wrong-hit rate \(delta): starts at τ \(String(format: "%.3f", threshold))")
        }
        return lines.joined(separator: "\n")
    }

    /// The calibration as the Swift source of `SimilarityCalibration.shipped`.
    static func swiftSource(_ calibration: SimilarityCalibration) -> String {
        let bins = calibration.bins.map { "Bin(candidates: \($0.candidates), wrong: \($0.wrong))" }
        var rows: [String] = []
        var line = "           "
        for bin in bins {
            if line.count + bin.count + 2 > 118 {
                rows.append(line)
                line = "           "
            }
            line += " " + bin + ","
        }
        rows.append(line)
        let guards = calibration.guards.map { ".\($0.rawValue)" }.joined(separator: ", ")
        return """
            // Generated by `cachectl calibrate --swift-output`; do not edit by hand.

            extension SimilarityCalibration {
                /// The shipped calibration, for \(calibration.model) with the standard guards, fitted on the
                /// \(calibration.source).
                public static let shipped = SimilarityCalibration(
                    model: "\(calibration.model)", source: "\(calibration.source)",
                    guards: [\(guards)], lowest: \(calibration.lowest), width: \(calibration.width),
                    lookups: \(calibration.lookups),
                    bins: [
            \(rows.joined(separator: "\n"))
                    ])
            }

            """
    }
}
