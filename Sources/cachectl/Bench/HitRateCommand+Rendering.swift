import ArgumentParser
import CostControl
import Embeddings
import Foundation
import LLMCore
import SemanticCache
import SemanticEvaluation
import Synchronization

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
            embedding.total > .zero ? Double(report.distinctTexts) / (embedding.total / .seconds(1)) : 0
        out.append(
            "Embedding: \(count(report.distinctTexts)) texts in \(count(embedding.count)) calls of up to "
                + "\(report.embeddingBatchSize); per call p50 \(ms(embedding.p50)), p99 \(ms(embedding.p99)) "
                + "(\(String(format: "%.0f", textsPerSecond)) texts/s of call time)")
        let lookup = report.lookup
        if report.lookupBatchSize > 1 {
            let perQuery = lookup.p50 / .milliseconds(1) / Double(report.lookupBatchSize)
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

    static func count(_ value: Int) -> String { Formatting.count(Int64(value)) }

    static func decimal(_ value: Double?) -> String {
        value.map { String(format: "%.3f", $0) } ?? "-"
    }

    private static func ms(_ duration: Duration) -> String {
        String(format: "%.3f ms", duration / .milliseconds(1))
    }
}
