import Foundation
import Testing

@Suite("cachectl bench hitrate")
struct BenchHitRateCommandTests {
    @Test("a threshold outside [-1, 1] is refused before any work, with exit code 64")
    func thresholdOutOfRange() async throws {
        let result = try await Cachectl.run(["bench", "hitrate", "--embedder", "lexical", "--thresholds", "0.8,1.5"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("threshold 1.5 is outside [-1, 1]"))
    }

    @Test("a bad line stops the run by default, naming the line; skip goes on and lists it")
    func badLines() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pairs-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let lines = [
            #"{"text_a": "How do I reset my password?", "text_b": "I forgot my password", "label": 1}"#,
            "",
            #"{"text_a": "How do I reset my password?", "text_b": "How do I change my username?", "label": 0}"#,
            #"{"text_a": "broken"#,
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        let stopped = try await Cachectl.run(["bench", "hitrate", "--embedder", "lexical", "--dataset", file.path])
        #expect(stopped.status != 0)
        #expect(stopped.stderr.contains("\(file.path):2: empty line"))
        let skipped = try await Cachectl.run([
            "bench", "hitrate", "--embedder", "lexical", "--dataset", file.path, "--on-bad-line", "skip",
        ])
        #expect(skipped.status == 0)
        #expect(skipped.stderr.contains("\(file.path):2: empty line"))
        #expect(skipped.stderr.contains("\(file.path):4: not valid JSON"))
        #expect(skipped.stdout.contains("bad lines skipped: 2"))
    }

    @Test(
        "the shipped demo set runs with the lexical embedder, in JSON, in both protocols",
        arguments: ["pairs", "stream"])
    func demoJSON(protocolName: String) async throws {
        let result = try await Cachectl.run([
            "bench", "hitrate", "--embedder", "lexical", "--protocol", protocolName, "--json",
            "--thresholds", "0.5,0.7,0.9",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let report = try #require(document["report"] as? [String: Any])
        #expect(report["protocol"] as? String == protocolName)
        #expect((report["dataset"] as? String)?.hasSuffix("data/demo-pairs.jsonl") == true)
        let rows = try #require(report["thresholds"] as? [[String: Any]])
        #expect(rows.map { $0["threshold"] as? Double }.contains(0.7))
        let savings = try #require(document["savings"] as? [String: Any])
        #expect(savings["model"] as? String == "claude-sonnet-4-5")
        #expect(savings["tokens_in_per_call"] as? Int == 500)
        #expect(document["blas_threads"] as? Int == 1)
    }

    @Test("the text output has the table, best F1, recall at precision, timings and the money line")
    func demoText() async throws {
        let result = try await Cachectl.run(["bench", "hitrate", "--embedder", "lexical", "--limit", "100"])
        #expect(result.status == 0, "\(result.stderr)")
        for expected in [
            "HIT RATE", "PRECISION", "RECALL", "WRONG HITS", "Best F1:", "Recall at precision ≥ 0.90:",
            "Recall at precision ≥ 0.95:", "Embedding:", "Lookup:", "Money: at τ =", "claude-sonnet-4-5",
            "Pairs: 100",
        ] {
            #expect(result.stdout.contains(expected), "missing \(expected)")
        }
    }

    @Test(
        "--compare-scans runs both scans lookup by lookup and reports that they served the same",
        arguments: ["pairs", "stream"])
    func compareScans(protocolName: String) async throws {
        let result = try await Cachectl.run([
            "bench", "hitrate", "--embedder", "lexical", "--protocol", protocolName, "--compare-scans", "--json",
            "--thresholds", "0.7,0.9",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["protocol"] as? String == protocolName)
        #expect(report["agreement"] as? Double == 1)
        let lookups = try #require(report["lookups"] as? Int)
        #expect(lookups > 0)
        #expect(report["same_answer"] as? Int == lookups)
        #expect(report["same_decisions"] as? [Int] == [lookups, lookups])
        let text = try await Cachectl.run([
            "bench", "hitrate", "--embedder", "lexical", "--protocol", protocolName, "--compare-scans", "--limit", "50",
        ])
        #expect(text.stdout.contains("int8 scan against float32 scan"))
        #expect(text.stdout.contains("served the same"))
        let decide = try await Cachectl.run([
            "bench", "hitrate", "--embedder", "lexical", "--protocol", "decide", "--compare-scans",
        ])
        #expect(decide.status != 0)
        #expect(decide.stderr.contains("pairs or stream"))
    }
}
