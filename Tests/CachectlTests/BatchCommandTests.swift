import Foundation
import Testing

/// `cachectl batch` against `cachectl simulate`: two processes talking real HTTP, a real SQLite file.
@Suite("cachectl batch")
struct BatchCommandTests {
    static func line(_ id: String, _ question: String, maxTokens: Int = 64) -> String {
        #"{"custom_id":"\#(id)","params":{"model":"claude-haiku-4-5","max_tokens":\#(maxTokens),"temperature":0,"#
            + #""messages":[{"role":"user","content":"\#(question)"}]}}"#
    }

    @Test("submit, status and results: the second file's cached lines are not sent, the answers keep file order")
    func submitAndCollect() async throws {
        let scratch = try Scratch()
        let simulator = try BackgroundCachectl(["simulate"], scratch: scratch, name: "simulator")
        defer { if simulator.process.isRunning { simulator.process.terminate() } }
        let port = try await simulator.port()
        let common = ["--db", scratch.path("cache.sqlite"), "--anthropic-base-url", "http://127.0.0.1:\(port)"]

        let first = scratch.path("first.jsonl")
        try [Self.line("a", "One?"), Self.line("b", "Two?")].joined(separator: "\n")
            .write(toFile: first, atomically: true, encoding: .utf8)
        let waited = try await Cachectl.run(
            ["batch", "submit", first, "--wait", "--output", scratch.path("first-out.jsonl")] + common)
        #expect(waited.status == 0, "\(waited.stderr)")

        let second = scratch.path("second.jsonl")
        try [Self.line("z", "Three?"), Self.line("y", "Two?"), Self.line("x", "One?")].joined(separator: "\n")
            .write(toFile: second, atomically: true, encoding: .utf8)
        let submitted = try await Cachectl.run(["batch", "submit", second] + common)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let id = submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("batch-"))
        #expect(submitted.stderr.contains("3 requests, 2 from the cache, 1 pending"))

        let status = try await Cachectl.run(["batch", "status", id] + common)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains(id))

        let results = try await Cachectl.run(["batch", "results", id] + common)
        #expect(results.status == 0, "\(results.stderr)")
        let lines = results.stdout.split(separator: "\n").map {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:]
        }
        #expect(lines.map { $0["custom_id"] as? String } == ["z", "y", "x"])
        #expect(lines.map { $0["source"] as? String } == ["batch", "cache", "cache"])
        let texts = lines.map {
            (($0["response"] as? [String: Any])?["content"] as? [[String: Any]])?.first?["text"] as? String
        }
        #expect(texts[0]?.hasSuffix("Three?") == true && texts[2]?.hasSuffix("One?") == true)

        let list = try await Cachectl.run(["batch", "list", "--db", scratch.path("cache.sqlite")])
        #expect(list.stdout.contains(id) && list.stdout.contains("complete"))
        try await simulator.stop()
    }

    @Test("a file that mixes providers or is not a batch file is refused with what to fix, before any call")
    func badFiles() async throws {
        let scratch = try Scratch()
        let mixed = scratch.path("mixed.jsonl")
        try [
            Self.line("a", "One?"),
            #"{"custom_id":"b","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4.1-mini","messages":[{"role":"user","content":"Hi"}]}}"#,
        ].joined(separator: "\n").write(toFile: mixed, atomically: true, encoding: .utf8)
        let refused = try await Cachectl.run(
            [
                "batch", "submit", mixed, "--db", scratch.path("cache.sqlite"), "--anthropic-base-url",
                "http://127.0.0.1:9",
            ])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("mixes Anthropic and OpenAI"))

        let garbage = scratch.path("garbage.jsonl")
        try "{\"custom_id\": \"a\"}\nnot json\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        let bad = try await Cachectl.run(["batch", "submit", garbage, "--db", scratch.path("cache.sqlite")])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("line 2 is not JSON"))
    }
}
