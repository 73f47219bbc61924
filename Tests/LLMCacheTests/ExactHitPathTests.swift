import CacheStorage
import Foundation
import LLMCacheTesting
import LLMCore
import Testing

@testable import LLMCache

@Suite("Exact hit path")
struct ExactHitPathTests {
    /// How the exact layer writes a stored answer.
    static func stored(_ response: LLMResponse, recording: StreamRecording? = nil) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(StoredResponse(response: response, recording: recording))
    }

    /// Answers of every kind the client stores from a provider.
    static let answers: [LLMResponse] = [
        LLMResponse(
            id: "msg_1", model: "claude-haiku-4-5", content: [.text("Paris.")], stopReason: .endTurn,
            usage: Usage(inputTokens: 12, outputTokens: 3)),
        LLMResponse(
            id: "msg_2", model: "claude-sonnet-4-5",
            content: [
                .text("Quotes \" and \\ back\nslashes, tabs\t, ünïcödé 😀 and \u{1} control."),
                .toolUse(
                    id: "toolu_1", name: "lookup",
                    input: ["q": "x", "n": 2, "f": 0.25, "big": .int(Int64.max), "list": [true, .null, ["a": []]]]),
                .providerBlock(["type": "thinking", "thinking": "hmm", "signature": "c2ln"]),
                .providerBlock(.null),
            ],
            stopReason: .toolUse, stopSequence: nil,
            usage: Usage(
                inputTokens: 100, outputTokens: 20, cacheReadInputTokens: 4000, cacheWrite5mInputTokens: 30,
                cacheWrite1hInputTokens: 7),
            providerFields: ["usage": ["service_tier": "standard"], "container": .null, "x": ["nested": [1, 2.5]]]),
        LLMResponse(
            id: "", model: "gpt-4.1-mini", content: [], stopReason: .stopSequence, stopSequence: "END",
            usage: Usage()),
        LLMResponse(
            id: "chatcmpl-1", model: "gpt-4.1-mini", content: [.text("")], stopReason: .other("content_filter"),
            usage: Usage(inputTokens: 1)),
        LLMResponse(
            id: "msg_3", model: "claude-haiku-4-5", content: [.toolUse(id: "t", name: "n", input: .object([:]))],
            stopReason: .maxTokens, usage: Usage(outputTokens: 64)),
    ]

    static var recording: StreamRecording {
        var recording = StreamRecording()
        recording.record(.blockStarted(index: 0, block: .text("")))
        recording.record(.textDelta(index: 0, text: "Par"))
        recording.record(.textDelta(index: 0, text: "is."))
        recording.record(.blockDelta(index: 0, delta: ["type": "citations_delta", "n": 1]))
        recording.record(.blockStopped(index: 0))
        recording.record(.blockStarted(index: 1, block: .toolUse(id: "t", name: "n", input: .object([:]))))
        recording.record(.toolInputDelta(index: 1, partialJSON: "{\"a\":"))
        recording.record(.toolInputDelta(index: 1, partialJSON: "1}"))
        recording.record(.blockStopped(index: 1))
        return recording
    }

    @Test("every stored shape the client writes is read without JSONDecoder, to what Codable reads")
    func readsLikeCodable() throws {
        for answer in Self.answers {
            for recording in [nil, Self.recording] {
                let data = try Self.stored(answer, recording: recording)
                let fast = try #require(StoredResponseReading.storedResponse(try JSONValue.parse(data)))
                let codable = try JSONDecoder().decode(StoredResponse.self, from: data)
                #expect(fast.response == codable.response)
                #expect(fast.recording == codable.recording)
                #expect(fast.response == answer)
                #expect(fast.recording == recording)
            }
        }
    }

    @Test("shapes left to Codable are read by it, and a body that is not a stored answer is refused")
    func fallsBackToCodable() throws {
        let unusual = LLMResponse(
            id: "msg", model: "m",
            content: [
                .image(mediaType: "image/png", data: Data([1, 2, 3])),
                .toolResult(toolUseID: "t", content: [.text("r")], isError: true),
                .text(TextBlock("marked", cacheControl: PromptCacheMarker())),
            ],
            stopReason: .endTurn, usage: Usage(inputTokens: 1))
        let data = try Self.stored(unusual)
        #expect(StoredResponseReading.storedResponse(try JSONValue.parse(data)) == nil)
        #expect(try StoredResponse.read(from: data).response == unusual)
        for bad in [#"{"id": 1}"#, #"{"id":"x","model":"m","content":[{"type":"video"}],"#, "[]", ""] {
            #expect(throws: (any Error).self) { try StoredResponse.read(from: Data(bad.utf8)) }
        }
        let wrongUsage = #"{"id":"x","model":"m","content":[],"stop_reason":"end_turn","usage":{"input_tokens":"2"}}"#
        #expect(throws: (any Error).self) { try StoredResponse.read(from: Data(wrongUsage.utf8)) }
    }

    @Test("a hit is counted in the same call as its lookup: hits, tokens and money saved, as before")
    func countersFolded() async throws {
        let harness = try Harness(pricer: FlatPricer())
        defer { harness.cleanUp() }
        let miss = try await harness.client.send(question("What is 3+3?"))
        let cost = try #require(miss.cache.cost)
        for _ in 0..<3 { #expect(try await harness.client.send(question("What is 3+3?")).cache.outcome == .hit) }
        // An entry stored without its cost is priced from its answer when it is served.
        let unpriced = question("An entry with no cost")
        let answer = LLMResponse(
            id: "msg_u", model: "claude-haiku-4-5", content: [.text("Unpriced.")], stopReason: .endTurn,
            usage: Usage(inputTokens: 50, outputTokens: 5))
        try await harness.store.insert(
            NewCacheEntry(
                namespace: "default", key: try CacheKey(unpriced.addressed(to: .anthropic)).hex, provider: "anthropic",
                model: "claude-haiku-4-5", ttl: nil, inputTokens: 50, outputTokens: 5, cost: nil,
                response: try Self.stored(answer)))
        let served = try await harness.client.send(unpriced)
        #expect(served.cache.outcome == .hit)
        #expect(served.cache.saved == MicroDollars(55))
        try await harness.store.flush()
        let exact = try #require(try await harness.store.statistics().layers["exact"])
        #expect(exact.hits == 4)
        #expect(exact.misses == 1)
        #expect(exact.tokensSavedInput == 3 * Int64(miss.response.usage.totalInputTokens) + 50)
        #expect(exact.tokensSavedOutput == 3 * Int64(miss.response.usage.outputTokens) + 5)
        #expect(exact.moneySaved == MicroDollars(3 * cost.rawValue + 55))
    }

    @Test("an entry replaced under its key is served as the store now holds it, not as it was read before")
    func replacedEntryIsReadAgain() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        let request = question("What is the capital of Portugal?")
        _ = try await harness.client.send(request)
        let first = try await harness.client.send(request)
        #expect(first.cache.outcome == .hit)
        let entry = try #require(try await harness.store.list(namespace: "default", model: nil, limit: 1).first)
        for text in ["Lisbon, as corrected.", "Lisbon, corrected twice."] {
            let replacement = LLMResponse(
                id: "msg_r", model: entry.model, content: [.text(text)], stopReason: .endTurn,
                usage: Usage(inputTokens: 9, outputTokens: 4))
            try await harness.store.insert(
                NewCacheEntry(
                    namespace: entry.namespace, key: entry.key, provider: entry.provider, model: entry.model, ttl: nil,
                    inputTokens: 9, outputTokens: 4, response: try Self.stored(replacement)))
            for _ in 0..<2 {
                let served = try await harness.client.send(request)
                #expect(served.cache.outcome == .hit)
                #expect(served.response == replacement)
            }
        }
        #expect(harness.upstream.calls == 1)
    }

    @Test("a streamed hit replays the chunks stored with the answer, read with it in one pass")
    func streamedHitReplaysStoredChunks() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        let request = question("Stream me")
        let answer = LLMResponse(
            id: "msg_s", model: "claude-haiku-4-5",
            content: [.text("Paris."), .toolUse(id: "t", name: "n", input: ["a": 1])], stopReason: .endTurn,
            usage: Usage(inputTokens: 5, outputTokens: 2))
        try await harness.store.insert(
            NewCacheEntry(
                namespace: "default", key: try CacheKey(request.addressed(to: .anthropic)).hex, provider: "anthropic",
                model: "claude-haiku-4-5", ttl: nil, inputTokens: 5, outputTokens: 2,
                response: try Self.stored(answer, recording: Self.recording)))
        for _ in 0..<2 {
            let stream = try await harness.client.stream(request)
            #expect(stream.cache.outcome == .hit)
            var pieces: [String] = []
            var json: [String] = []
            var completed: LLMResponse?
            for try await event in stream {
                switch event {
                case .textDelta(0, let piece): pieces.append(piece)
                case .toolInputDelta(1, let piece): json.append(piece)
                case .completed(let response): completed = response
                default: break
                }
            }
            #expect(pieces == ["Par", "is."])
            #expect(json == ["{\"a\":", "1}"])
            #expect(completed == answer)
        }
        #expect(harness.upstream.calls == 0)
    }
    @Test("a kept value is given back only for the same entry and the very same bytes, and the memo stays bounded")
    func entryMemo() {
        let memo = EntryMemo<String>(capacity: 3, byteLimit: 1 << 20)
        let bytes = Data("abcdef".utf8)
        memo.keep("first", id: 1, bytes: bytes, size: 6)
        #expect(memo.value(id: 1, bytes: Data("abcdef".utf8)) == "first")
        #expect(memo.value(id: 1, bytes: Data("abcdeg".utf8)) == nil)
        #expect(memo.value(id: 1, bytes: Data("abcde".utf8)) == nil)
        #expect(memo.value(id: 2, bytes: bytes) == nil)
        var made = 0
        let value = memo.value(
            id: 1, bytes: Data("abcdeg".utf8),
            {
                made += 1
                return "second"
            }, size: { _ in 6 })
        #expect(value == "second" && made == 1)
        #expect(memo.value(id: 1, bytes: bytes) == nil)
        memo.keep("empty", id: 9, bytes: Data(), size: 0)
        #expect(memo.value(id: 9, bytes: Data()) == "empty")
        for id in Int64(10)..<20 { memo.keep("v\(id)", id: id, bytes: bytes, size: 6) }
        #expect(memo.count == 3)
        #expect(memo.value(id: 19, bytes: bytes) == "v19")
        #expect(memo.value(id: 10, bytes: bytes) == nil)
        let small = EntryMemo<String>(capacity: 100, byteLimit: 160)
        small.keep("too large", id: 1, bytes: bytes, size: 11)
        #expect(small.value(id: 1, bytes: bytes) == nil)
        for id in Int64(1)...20 { small.keep("v", id: id, bytes: bytes, size: 10) }
        #expect(small.count == 16)
    }
}
