import Foundation
import Testing

@Suite("cachectl bench cost")
struct BenchCostCommandTests {
    /// A workload with one repeat, a long shared system prompt and tasks for every router tier.
    static let workload: String = {
        let handbook = String(repeating: "Agents confirm identity before discussing any account change. ", count: 80)
        func line(_ object: [String: Any]) -> String {
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
        let support: [String: Any] = ["type": "call", "model": "claude-sonnet-4-5", "system": "handbook"]
        // About 4,000 tokens of history: over the token budgets' 2,000 for feature=chat.
        let chat: [[String: String]] = (0..<16).map { turn in
            [
                "role": turn % 2 == 0 ? "user" : "assistant",
                "text": "Turn \(turn): " + String(repeating: "the webhook stopped firing again. ", count: 25),
            ]
        }
        return [
            line(["type": "text", "name": "handbook", "text": handbook]),
            line(support.merging(["prompt": "How do I reset my password?"]) { $1 }),
            line(support.merging(["prompt": "How do I reset my password?"]) { $1 }),
            line(support.merging(["prompt": "Where are my invoices?"]) { $1 }),
            line(support.merging(["prompt": "Can I get a refund?"]) { $1 }),
            line(["type": "call", "model": "claude-sonnet-4-5", "prompt": "Write a poem.", "temperature": 0.8]),
            line(["type": "conversation", "name": "chat", "turns": chat]),
            line([
                "type": "call", "model": "claude-sonnet-4-5", "conversation": "chat", "prompt": "What next?",
                "feature": "chat",
            ]),
            line(support.merging(["prompt": "Where are my invoices?", "latency_tolerant": true]) { $1 }),
            line([
                "type": "call", "model": "claude-sonnet-4-5", "prompt": "Classify: refund request.",
                "latency_tolerant": true, "max_tokens": 20,
            ]),
        ].joined(separator: "\n") + "\n"
    }()

    func results(_ stdout: String) throws -> [String: [String: Any]] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        let rows = try #require(report["results"] as? [[String: Any]])
        var byName: [String: [String: Any]] = [:]
        for row in rows { byName[row["configuration"] as? String ?? ""] = row }
        return byName
    }

    @Test("each optimisation alone and all together spend less than none, with the hits and calls they made")
    func compares() async throws {
        let scratch = try Scratch()
        let path = scratch.path("workload.jsonl")
        try Self.workload.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try await Cachectl.run(["bench", "cost", "--workload", path, "--embedder", "lexical", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try results(run.stdout)
        #expect(
            Set(rows.keys) == [
                "none", "exact", "semantic", "prompt-caching", "routing", "batch", "token-budgets", "all", "all-levers",
            ])
        let none = try #require(rows["none"])
        #expect(none["upstream_calls"] as? Int == 8)
        #expect(none["saved_percent"] == nil)
        #expect(none["batched_calls"] as? Int == 0)
        let spentNone = try #require(none["spent_micros"] as? Int)
        #expect(spentNone > 0)

        let exact = try #require(rows["exact"])
        #expect(exact["upstream_calls"] as? Int == 6)
        #expect(exact["exact_hits"] as? Int == 2)
        let semantic = try #require(rows["semantic"])
        #expect(semantic["semantic_hits"] as? Int == 2)
        let caching = try #require(rows["prompt-caching"])
        #expect(caching["upstream_calls"] as? Int == 8)
        #expect((caching["cache_read_tokens"] as? Int ?? 0) > 0)
        let batch = try #require(rows["batch"])
        #expect(batch["batched_calls"] as? Int == 2)
        #expect(batch["upstream_calls"] as? Int == 8)
        let budgets = try #require(rows["token-budgets"])
        #expect(budgets["trimmed_calls"] as? Int == 1)
        let levers = try #require(rows["all-levers"])
        // Cache first: the batched invoice question was asked before, so only the classification is batched.
        #expect(levers["batched_calls"] as? Int == 1)
        #expect(levers["trimmed_calls"] as? Int == 1)
        for name in ["exact", "semantic", "prompt-caching", "routing", "batch", "token-budgets", "all", "all-levers"] {
            let spent = try #require(rows[name]?["spent_micros"] as? Int)
            #expect(spent < spentNone, "\(name) spent \(spent), none \(spentNone)")
            #expect((rows[name]?["saved_percent"] as? Double ?? 0) > 0)
        }
        let all = try #require(rows["all"]?["spent_micros"] as? Int)
        let routing = try #require(rows["routing"]?["spent_micros"] as? Int)
        let allLevers = try #require(levers["spent_micros"] as? Int)
        #expect(all < routing)
        #expect(allLevers < all)
    }

    @Test("the table names every configuration; --only runs the ones named")
    func table() async throws {
        let scratch = try Scratch()
        let path = scratch.path("workload.jsonl")
        try Self.workload.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try await Cachectl.run([
            "bench", "cost", "--workload", path, "--embedder", "lexical", "--only", "none", "exact",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Configuration"))
        #expect(run.stdout.contains("exact"))
        #expect(!run.stdout.contains("routing"))
        #expect(run.stdout.contains("(8 calls)"))
    }

    @Test("a bad workload line is reported with its place and nothing runs")
    func badWorkload() async throws {
        let scratch = try Scratch()
        let path = scratch.path("bad.jsonl")
        try """
        {"type":"call","model":"claude-haiku-4-5","prompt":"Hi"}
        {"type":"call","model":"claude-haiku-4-5","system":"missing","prompt":"Hi"}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try await Cachectl.run(["bench", "cost", "--workload", path, "--embedder", "lexical"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("bad.jsonl:2"))
        #expect(run.stderr.contains("no earlier line defines"))
        #expect(!run.stderr.contains("running"))

        try "{\"type\":\"call\",\"model\":\"m\"".write(toFile: path, atomically: true, encoding: .utf8)
        let malformed = try await Cachectl.run(["bench", "cost", "--workload", path, "--embedder", "lexical"])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("bad.jsonl:1"))

        let missing = try await Cachectl.run(["bench", "cost", "--workload", scratch.path("none.jsonl")])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot be read"))
    }

    @Test("without --workload the shipped workload is replayed")
    func shippedWorkload() async throws {
        let run = try await Cachectl.run(["bench", "cost", "--embedder", "lexical", "--only", "exact", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let exact = try #require(try results(run.stdout)["exact"])
        #expect(exact["calls"] as? Int == 126)
        #expect(exact["exact_hits"] as? Int == 38)
    }
}
