import ArgumentParser
import Embeddings
import Foundation
import LLMCore
import SemanticCache
import SemanticEvaluation

extension HitRateCommand {
    /// `--compare-scans`: the int8 and float32 scans lookup by lookup on the dataset.
    func runScanComparison(data: PairDataset, embedder: any Embedder, thresholds: [Float]) async throws {
        guard let chosen = evaluationProtocol.evaluationProtocol else {
            throw ValidationError(
                "--compare-scans runs the pairs or stream protocol, not \(evaluationProtocol.rawValue)")
        }
        let classes = DuplicateClasses(pairs: data.pairs)
        let bar = ProgressBar(enabled: !json && isatty(STDERR_FILENO) == 1)
        let vectors = try await vectors(of: classes, with: embedder, bar: bar)
        let report = try ScanAgreement(evaluationProtocol: chosen, thresholds: thresholds).run(
            pairs: data.pairs, classes: classes, vectors: vectors
        ) { bar.update($0) }
        bar.finish()
        if json {
            print(try Formatting.json(report))
        } else {
            print(Self.render(report, dataset: data.source, model: embedder.modelIdentifier))
        }
    }

    static func render(_ report: ScanAgreementReport, dataset: String, model: String) -> String {
        func share(_ count: Int) -> String {
            report.lookups == 0 ? "-" : String(format: "%.4f", Double(count) / Double(report.lookups))
        }
        var summary = TextTable(labelled: 2)
        summary.append(["dataset", dataset])
        summary.append(["embedder", model])
        summary.append(["protocol", report.evaluationProtocol.rawValue])
        summary.append(["lookups", "\(report.lookups)"])
        summary.append(["same neighbour", "\(report.sameNeighbour) (\(share(report.sameNeighbour)))"])
        summary.append(["same neighbour and similarity", "\(report.sameAnswer) (\(share(report.sameAnswer)))"])
        summary.append(["different neighbour, equal similarity (ties)", "\(report.ties)"])
        summary.append(["served the same", String(format: "%.4f", report.agreement)])
        summary.append(["largest similarity difference", String(format: "%.2e", report.largestDifference)])
        let int8 = report.int8Seconds * 1000
        let float32 = report.float32Seconds * 1000
        summary.append([
            "lookup time int8 / float32",
            String(format: "%.1f ms / %.1f ms (%.2f×)", int8, float32, float32 > 0 ? int8 / float32 : 0),
        ])
        var decisions = TextTable([("τ", .right), ("same hit-or-miss", .right), ("share", .right)])
        for (threshold, same) in zip(report.thresholds, report.sameDecisions) {
            decisions.append([String(format: "%.2f", threshold), "\(same)", share(same)])
        }
        return "int8 scan against float32 scan\n\n" + summary.rendered + "\n\n" + decisions.rendered
    }
}
