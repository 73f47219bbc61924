import Foundation
import LLMCacheTesting
import LLMCore
import Testing

/// The proxy's own batch routes (cache first), in Anthropic's format: creation, status, cancellation and
/// results, and which key sees a job. The official SDKs check the same routes in `scripts/sdk_proxy_check.py`.
@Suite("Proxy: batches, cache first")
struct ProxyBatchTests {
    static func create(_ questions: [String]) -> String {
        let requests = questions.enumerated().map { index, question in
            #"{"custom_id":"q\#(index)","params":{"model":"claude-haiku-4-5","max_tokens":50,"temperature":0,"#
                + #""messages":[{"role":"user","content":"\#(question)"}]}}"#
        }
        return #"{"requests":[\#(requests.joined(separator: ","))]}"#
    }

    @Test("a job is the creating key's; cancelling ends it with its items cancelled, and results say so")
    func cancelAndIsolation() async throws {
        let clock = ManualClock()
        try await withProxy(simulator: SimulatorConfiguration(clock: clock, batchCompletionTime: .seconds(3600))) {
            (proxy: ProxyHarness) async throws in
            let key = [("x-api-key", "sk-one"), ("anthropic-version", "2023-06-01")]
            let created = try await proxy.send(
                "/v1/messages/batches", body: Self.create(["First?", "Second?"]), headers: key)
            #expect(created.status == 200, "\(created.body)")
            let id = try #require(created.json["id"]?.stringValue)
            #expect(id.hasPrefix("batch-"))
            #expect(created.json["processing_status"] == "in_progress")
            #expect(created.json["request_counts"]?["processing"] == 2)

            let early = try await proxy.send("/v1/messages/batches/\(id)/results", method: .GET, headers: key)
            #expect(early.status == 400, "results before the end are refused with what to do")

            let stranger = try await proxy.send(
                "/v1/messages/batches/\(id)", method: .GET, headers: [("x-api-key", "sk-two")])
            #expect(stranger.status == 404)
            let strangerCancel = try await proxy.send(
                "/v1/messages/batches/\(id)/cancel", headers: [("x-api-key", "sk-two")])
            #expect(strangerCancel.status == 404)

            let cancelled = try await proxy.send("/v1/messages/batches/\(id)/cancel", headers: key)
            #expect(cancelled.status == 200, "\(cancelled.body)")
            #expect(cancelled.json["processing_status"] == "ended")
            #expect(cancelled.json["request_counts"]?["canceled"] == 2)

            let results = try await proxy.send("/v1/messages/batches/\(id)/results", method: .GET, headers: key)
            #expect(results.status == 200)
            let lines = results.body.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8)) }
            #expect(lines.map { $0["custom_id"]?.stringValue } == ["q0", "q1"])
            #expect(lines.allSatisfy { $0["result"]?["type"] == "canceled" })
            #expect(proxy.anthropicCalls == 0, "nothing was answered, so nothing reached the messages route")
        }
    }
}
