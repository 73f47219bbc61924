import Foundation
import Testing

@Suite("cachectl bench hitrate --policy, and cachectl calibrate")
struct BenchPolicyCommandTests {
    static let pairs = [
        #"{"text_a": "Convert 5 km to miles", "text_b": "Convert 10 km to miles", "label": 0, "category": "number"}"#,
        #"{"text_a": "How do I enable 2FA?", "text_b": "How do I disable 2FA?", "label": 0, "category": "negation"}"#,
        #"{"text_a": "How do I reset my password?", "text_b": "how can I reset my password", "label": 1, "category": "paraphrase"}"#,
        #"{"text_a": "What is the capital of France?", "text_b": "what is the capital of france", "label": 1, "category": "paraphrase"}"#,
    ]

    func dataset() throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString).jsonl")
        try Data(Self.pairs.joined(separator: "\n").utf8).write(to: file)
        return file
    }

    @Test("the decide protocol scores each category, and the guards refuse what the static threshold serves")
    func decide() async throws {
        let file = try dataset()
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await Cachectl.run([
            "bench", "hitrate", "--embedder", "lexical", "--dataset", file.path, "--protocol", "decide",
            "--policy", "static,guarded", "--thresholds", "0.3", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(reports.map { $0["policy"] as? String } == ["static τ 0.3", "guarded τ 0.3"])
        func served(_ report: [String: Any], _ category: String) -> Int? {
            ((report["categories"] as? [String: Any])?[category] as? [String: Any])?["served"] as? Int
        }
        #expect(served(reports[0], "number") == 1)
        #expect(served(reports[1], "number") == 0)
        #expect(served(reports[1], "negation") == 0)
        #expect(served(reports[1], "paraphrase") == 2)
        let guards = try #require(reports[1]["guards"] as? [String: [String: Int]])
        #expect(guards["number"]?["wrong_refused"] == 1)
    }

    @Test("the stream protocol runs each policy with its hit rate, wrong-hit interval and exploration rate")
    func stream() async throws {
        let result = try await Cachectl.run([
            "bench", "hitrate", "--embedder", "lexical", "--protocol", "stream", "--policy", "static,guarded,bounded",
            "--thresholds", "0.6", "--delta", "0.02,0.05", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let policies = try #require(document["policies"] as? [[String: Any]])
        #expect(
            policies.map { $0["policy"] as? String } == [
                "static τ 0.6", "guarded τ 0.6", "bounded δ 0.02", "bounded δ 0.05",
            ])
        for policy in policies {
            let rate = try #require(policy["wrong_hit_rate"] as? Double)
            let low = try #require(policy["wrong_hit_rate_low"] as? Double)
            let high = try #require(policy["wrong_hit_rate_high"] as? Double)
            #expect(low <= rate && rate <= high)
            #expect(policy["exploration_rate"] is Double)
        }
        #expect(document["price_model"] as? String == "claude-sonnet-4-5")
    }

    @Test("calibrate writes counts that bench hitrate then uses; a bad file is refused with the fix")
    func calibrate() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: output) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let demo = root.appendingPathComponent("data/demo-pairs.jsonl").path
        let fitted = try await Cachectl.run([
            "calibrate", "--embedder", "lexical", "--dataset", demo, "--output", output.path,
        ])
        #expect(fitted.status == 0, "\(fitted.stderr)")
        #expect(fitted.stderr.contains("max wrong-hit rate 0.02: starts at τ"))
        let calibration = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        #expect((calibration["model"] as? String)?.contains("lexical") == true)
        #expect((calibration["bins"] as? [Any])?.count == 100)
        let used = try await Cachectl.run([
            "bench", "hitrate", "--embedder", "lexical", "--protocol", "stream", "--policy", "bounded",
            "--calibration", output.path,
        ])
        #expect(used.status == 0, "\(used.stderr)")
        #expect(!used.stderr.contains("no calibration"))
        #expect(used.stdout.contains("bounded δ 0.02"))
        try Data(#"{"model": "x"}"#.utf8).write(to: output)
        let broken = try await Cachectl.run([
            "bench", "hitrate", "--embedder", "lexical", "--policy", "bounded", "--calibration", output.path,
        ])
        #expect(broken.status != 0)
    }
}
