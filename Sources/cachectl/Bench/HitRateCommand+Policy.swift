import ArgumentParser
import CostControl
import Embeddings
import Foundation
import LLMCore
import SemanticCache
import SemanticEvaluation

extension HitRateCommand {
    /// The policies `--policy` names, at `--thresholds` (static, guarded) and `--delta` (bounded).
    var chosenPolicies: [HitPolicy] {
        let kinds = policy ?? [.static, .guarded, .bounded]
        let sweep = thresholds ?? [0.9]
        let deltas = delta ?? [0.01, 0.02, 0.05]
        return kinds.flatMap { $0.policies(thresholds: sweep, deltas: deltas) }
    }

    /// The bounded policy's calibration: `--calibration FILE`, or the shipped one when it fits the embedder.
    func chosenCalibration(for embedder: any Embedder) throws -> SimilarityCalibration? {
        if let calibration {
            return try SimilarityCalibration.load(contentsOf: URL(fileURLWithPath: calibration))
        }
        let shipped = SimilarityCalibration.shipped
        return shipped.model == embedder.modelIdentifier ? shipped : nil
    }

    /// One vector per text of `classes`, read from `--vectors-cache` when it holds them, embedded otherwise.
    func vectors(of classes: DuplicateClasses, with embedder: any Embedder, bar: ProgressBar) async throws
        -> [[Float]]
    {
        try await EmbeddedTexts.vectors(
            of: classes.texts, with: embedder, cache: vectorsCache.map(VectorCacheFile.init(path:)),
            concurrency: jobs
        ) { bar.update($0) }
    }

    /// `--policy` or `--protocol decide`: each policy through the layer's decision path.
    func runPolicies(data: PairDataset, embedder: any Embedder, price: ModelPrice) async throws {
        let guards = HitGuards(disabled: disabledGuards)
        let calibration = try chosenCalibration(for: embedder)
        if calibration == nil && chosenPolicies.contains(where: { $0.fixedThreshold == nil }) && !json {
            FileHandle.standardError.write(
                Data(
                    ("no calibration for \(embedder.modelIdentifier): the bounded policy serves at the guarded "
                        + "τ \(HitDecider.uncalibratedThreshold); fit one with `cachectl calibrate`\n").utf8))
        }
        let classes = DuplicateClasses(pairs: data.pairs)
        let bar = ProgressBar(enabled: !json && isatty(STDERR_FILENO) == 1)
        let vectors = try await vectors(of: classes, with: embedder, bar: bar)
        let callMicros = price.cost(of: Usage(inputTokens: tokensIn, outputTokens: tokensOut)).rawValue
        if evaluationProtocol == .decide {
            let similarities = data.pairs.map { pair -> Float in
                guard let a = classes.number(of: pair.textA), let b = classes.number(of: pair.textB) else { return 0 }
                return VectorMath.cosineSimilarity(vectors[a], vectors[b])
            }
            let reports = chosenPolicies.map { policy in
                DecideEvaluation(
                    policy: policy, guards: guards, calibration: calibration,
                    referenceThreshold: policy.fixedThreshold ?? 0.9
                ).run(pairs: data.pairs, similarities: similarities)
            }
            bar.finish()
            if json {
                print(try Formatting.json(reports))
            } else {
                print(
                    Self.renderDecide(
                        reports, dataset: data.source, model: embedder.modelIdentifier, examples: examples))
            }
            return
        }
        var outcomes: [PolicyOutcome] = []
        for policy in chosenPolicies {
            outcomes.append(
                try PolicyStreamEvaluation(policy: policy, guards: guards, calibration: calibration, scan: scan).run(
                    pairs: data.pairs, classes: classes, vectors: vectors
                ) { bar.update($0) })
        }
        bar.finish()
        if json {
            print(try Formatting.json(PolicyDocument(outcomes: outcomes, model: price.id, callMicros: callMicros)))
        } else {
            print(
                Self.renderPolicies(
                    outcomes, dataset: data.source, model: embedder.modelIdentifier, price: price.id,
                    callMicros: callMicros, tokens: (tokensIn, tokensOut)))
        }
    }

    /// The `--json` output of a policy run.
    struct PolicyDocument: Encodable {
        var outcomes: [PolicyOutcome]
        var model: String
        var callMicros: Int64

        enum CodingKeys: String, CodingKey {
            case outcomes = "policies"
            case model = "price_model"
            case callCost = "cost_per_call_usd"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(outcomes, forKey: .outcomes)
            try container.encode(model, forKey: .model)
            try container.encode(Formatting.usd(micros: callMicros), forKey: .callCost)
        }
    }

    static func renderPolicies(
        _ outcomes: [PolicyOutcome], dataset: String, model: String, price: String, callMicros: Int64,
        tokens: (Int, Int)
    ) -> String {
        var out = ["Policy benchmark, stream protocol, on \(dataset)", "Embedder: \(model)"]
        if let first = outcomes.first {
            out.append(
                "Stream: \(count(first.lookups)) lookups, shuffled with random.Random(7); the labels judge "
                    + "every served, explored and verified candidate")
        }
        out.append("")
        var table = TextTable([
            ("POLICY", .left), ("HIT RATE", .right), ("WRONG-HIT RATE", .right), ("95 % INTERVAL", .right),
            ("EXPLORED", .right), ("VERIFIED", .right), ("FINAL τ", .right), ("UPSTREAM COST", .right),
            ("SAVED", .right),
        ])
        for outcome in outcomes {
            let interval = outcome.wrongHitInterval
            table.append([
                outcome.policy, Formatting.percent(outcome.hitRate),
                String(format: "%.2f%%", outcome.wrongHitRate * 100),
                String(format: "%.2f–%.2f%%", interval.lower * 100, interval.upper * 100),
                Formatting.percent(outcome.explorationRate), count(outcome.verified),
                outcome.finalThreshold.map { String(format: "%.3f", $0) } ?? "-",
                Formatting.money(micros: Int64(outcome.upstreamCalls) &* callMicros),
                Formatting.money(micros: Int64(outcome.hits) &* callMicros),
            ])
        }
        out.append(table.rendered)
        out.append("")
        out.append(
            "Money at \(price) prices, \(tokens.0) input and \(tokens.1) output tokens per call "
                + "(\(Formatting.money(micros: callMicros)) a call); explored lookups are upstream calls.")
        let refusals = outcomes.filter { !$0.refusedBy.isEmpty || $0.refusedByLabel > 0 }
        for outcome in refusals {
            let parts = outcome.refusedBy.sorted { $0.key < $1.key }.map { "\($0.key) \(count($0.value))" }
            out.append(
                "\(outcome.policy): best candidate refused by guard: \(parts.joined(separator: ", "))"
                    + "; by its entry's label: \(count(outcome.refusedByLabel))")
        }
        return out.joined(separator: "\n")
    }

    static func renderDecide(_ reports: [DecideReport], dataset: String, model: String, examples: Int) -> String {
        var out = ["Decide protocol on \(dataset): would text_b be served text_a's answer?", "Embedder: \(model)", ""]
        for report in reports {
            out.append("\(report.policy):")
            var table = TextTable([
                ("CATEGORY", .left), ("PAIRS", .right), ("DUPLICATES", .right), ("SERVED", .right), ("WRONG", .right),
                ("PRECISION", .right), ("RECALL", .right),
            ])
            let rows =
                [("all", report.overall)] + report.categories.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            for (name, counts) in rows {
                table.append([
                    name, count(counts.pairs), count(counts.duplicates), count(counts.served), count(counts.wrong),
                    decimal(counts.precision), decimal(counts.recall),
                ])
            }
            out.append(table.rendered)
            if !report.guards.isEmpty {
                out.append("")
                out.append("Each guard alone, against static τ \(String(format: "%.2f", report.referenceThreshold)):")
                var guards = TextTable([
                    ("GUARD", .left), ("WRONG REFUSED", .right), ("OF WRONG SERVED", .right),
                    ("RIGHT REFUSED", .right), ("OF RIGHT SERVED", .right),
                ])
                for (name, effect) in report.guards.sorted(by: { $0.key < $1.key }) {
                    guards.append([
                        name, count(effect.wrongRefused), count(effect.wrongServed), count(effect.correctRefused),
                        count(effect.correctServed),
                    ])
                }
                out.append(guards.rendered)
            }
            if examples > 0 && !report.wrongServed.isEmpty {
                out.append("")
                out.append("Most similar wrong pairs served:")
                for hit in report.wrongServed.prefix(examples) {
                    out.append("  \(String(format: "%.3f", hit.similarity))  \(hit.query)  ←  \(hit.neighbour)")
                }
            }
            if examples > 0 && !report.refusedRight.isEmpty {
                out.append("")
                out.append("Most similar duplicates a guard refused:")
                for pair in report.refusedRight.prefix(examples) {
                    out.append(
                        "  \(String(format: "%.3f", pair.similarity))  \(pair.query)  ←  \(pair.neighbour)  [\(pair.refusal)]"
                    )
                }
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }
}
