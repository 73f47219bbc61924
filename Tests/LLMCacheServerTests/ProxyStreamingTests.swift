import CostControl
import Foundation
import LLMCacheServer
import LLMCacheTesting
import LLMCore
import Testing

/// One server-sent event: its `event:` name (if any) and its `data:` text.
struct SentEvent: Equatable {
    var name: String?
    var data: String

    var json: JSONValue { (try? JSONValue.parse(Data(data.utf8))) ?? .null }

    /// The events of a `text/event-stream` body.
    static func parse(_ body: String) -> [SentEvent] {
        body.components(separatedBy: "\n\n").compactMap { block in
            var name: String?
            var data: [String] = []
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
            }
            return data.isEmpty ? nil : SentEvent(name: name, data: data.joined(separator: "\n"))
        }
    }
}

@Suite("Proxy: streaming")
struct ProxyStreamingTests {
    /// The text of an Anthropic stream, after checking that it is well formed.
    static func anthropicText(_ events: [SentEvent]) -> String? {
        guard events.first?.name == "message_start", events.last?.name == "message_stop" else { return nil }
        for event in events where event.json["type"]?.stringValue != event.name { return nil }
        let names = events.map { $0.name ?? "" }
        guard names.contains("content_block_start"), names.contains("content_block_stop"),
            names.contains("message_delta")
        else { return nil }
        return events.filter { $0.name == "content_block_delta" }
            .compactMap { $0.json["delta"]?["text"]?.stringValue }.joined()
    }

    /// The text of an OpenAI stream, after checking that it is well formed.
    static func openAIText(_ events: [SentEvent]) -> String? {
        guard events.last?.data == "[DONE]" else { return nil }
        let chunks = events.dropLast().map(\.json)
        guard chunks.allSatisfy({ $0["object"] == "chat.completion.chunk" }) else { return nil }
        let finishes = chunks.compactMap { $0["choices"]?.arrayValue?.first?["finish_reason"]?.stringValue }
        guard finishes == ["stop"], chunks.last?["usage"]?["completion_tokens"]?.intValue ?? 0 > 0 else { return nil }
        return chunks.compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue }.joined()
    }

    @Test("Anthropic: a streamed miss passes the events through, a streamed hit replays them")
    func anthropicStream() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let miss = try await proxy.anthropic("Stream me a story", stream: true)
            #expect(miss.status == 200)
            #expect(miss.headers["content-type"] == "text/event-stream")
            #expect(miss.cache == "miss")
            let missText = try #require(Self.anthropicText(SentEvent.parse(miss.body)))
            #expect(!missText.isEmpty)

            let hit = try await proxy.anthropic("Stream me a story", stream: true)
            #expect(hit.cache == "hit-exact")
            #expect(Self.anthropicText(SentEvent.parse(hit.body)) == missText)
            #expect(proxy.anthropicCalls == 1)

            let plain = try await proxy.anthropic("Stream me a story")
            #expect(plain.cache == "hit-exact")
            #expect(plain.json["content"]?.arrayValue?.first?["text"]?.stringValue == missText)
        }
    }

    @Test("OpenAI: a streamed miss and a streamed hit are well-formed chunk streams with usage")
    func openAIStream() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let miss = try await proxy.openAI("Stream me a poem", stream: true)
            #expect(miss.status == 200)
            #expect(miss.cache == "miss")
            let missText = try #require(Self.openAIText(SentEvent.parse(miss.body)))
            #expect(!missText.isEmpty)

            let hit = try await proxy.openAI("Stream me a poem", stream: true)
            #expect(hit.cache == "hit-exact")
            #expect(Self.openAIText(SentEvent.parse(hit.body)) == missText)
            #expect(proxy.openAICalls == 1)
        }
    }

    @Test(
        "a stream refused before it starts is a plain error; one cut midway ends with an error event and is not stored")
    func streamErrors() async throws {
        try await withProxy(
            ProxySetup { configuration in
                configuration.budget.perRequestMax = MicroDollars(1)
            }
        ) { (proxy: ProxyHarness) async throws in
            let refused = try await proxy.anthropic("Too expensive to stream", stream: true)
            #expect(refused.status == 429)
            #expect(refused.json["type"] == "error")
        }
        try await withProxy { (proxy: ProxyHarness) async throws in
            proxy.simulator.injectFaults([.streamError(beforeContent: false)])
            let cut = try await proxy.anthropic("A stream that fails", stream: true)
            #expect(cut.status == 200)
            let events = SentEvent.parse(cut.body)
            #expect(events.last?.name == "error")
            #expect(events.contains { $0.name == "message_stop" } == false)
            let again = try await proxy.anthropic("A stream that fails", stream: true)
            #expect(again.cache == "miss")
            #expect(Self.anthropicText(SentEvent.parse(again.body)) != nil)
        }
    }
}
