import Foundation
import LLMCacheTesting
import LLMCore
import Testing

@testable import LLMCache

@Suite("Stream recording and replay")
struct StreamReplayTests {
    static let answer = LLMResponse(
        id: "msg_1", model: "claude-haiku-4-5",
        content: [
            .text("One two three four five six seven eight nine.\n\nTen  eleven."),
            .toolUse(id: "t1", name: "lookup", input: .object(["q": .string("x"), "n": .int(2)])),
        ],
        stopReason: .toolUse, usage: Usage(inputTokens: 12, outputTokens: 20))

    @Test("synthesized pieces keep every character and cut after a few words")
    func pieces() {
        let text = "One two three four five six seven eight nine.\n\nTen  eleven."
        let pieces = StreamRecording.pieces(of: text)
        #expect(pieces.joined() == text)
        #expect(pieces.count == 3)
        #expect(pieces.first == "One two three four ")
        #expect(StreamRecording.pieces(of: "").isEmpty)
        #expect(StreamRecording.pieces(of: "   ") == ["   "])
    }

    @Test("a synthesized replay is a well-formed stream that assembles to the answer")
    func synthesized() throws {
        let events = CachedClient.replay(Self.answer, recording: nil)
        guard case .started(let id, let model, let usage) = events.first else {
            Issue.record("the replay does not start with .started")
            return
        }
        #expect(id == "msg_1" && model == "claude-haiku-4-5" && usage.outputTokens == 0)
        #expect(events.last == .completed(Self.answer))
        let text = events.compactMap { if case .textDelta(0, let piece) = $0 { piece } else { nil } }.joined()
        #expect(text == Self.answer.text)
        let json = events.compactMap { if case .toolInputDelta(1, let piece) = $0 { piece } else { nil } }.joined()
        #expect(try JSONValue.parse(Data(json.utf8)) == .object(["q": .string("x"), "n": .int(2)]))
        #expect(events.contains(.blockStopped(index: 0)) && events.contains(.blockStopped(index: 1)))
    }

    @Test("a recording that does not add up to the stored answer is not replayed")
    func mismatchedRecording() {
        var recording = StreamRecording()
        recording.record(.blockStarted(index: 0, block: .text("")))
        recording.record(.textDelta(index: 0, text: "Something else"))
        recording.record(.blockStopped(index: 0))
        #expect(!recording.matches(Self.answer))
        let text = CachedClient.replay(Self.answer, recording: recording)
            .compactMap { if case .textDelta(0, let piece) = $0 { piece } else { nil } }.joined()
        #expect(text == Self.answer.text)
    }

    @Test("the stored form keeps the recording and still decodes as a plain response")
    func storedForm() throws {
        var recording = StreamRecording()
        recording.record(.started(id: "msg_1", model: "m", usage: Usage()))
        recording.record(.blockStarted(index: 0, block: .text("")))
        recording.record(.textDelta(index: 0, text: "Hel"))
        recording.record(.textDelta(index: 0, text: "lo"))
        recording.record(.blockStopped(index: 0))
        recording.record(.usage(Usage()))
        #expect(recording.steps.count == 4)
        let data = try JSONEncoder().encode(StoredResponse(response: Self.answer, recording: recording))
        #expect(try JSONDecoder().decode(LLMResponse.self, from: data) == Self.answer)
        #expect(StoredResponse.recording(in: data) == recording)
        let plain = try JSONEncoder().encode(Self.answer)
        #expect(StoredResponse.recording(in: plain) == nil)
    }

    @Test("an upstream that cannot stream is called once and its answer replayed, then served from the cache")
    func nonStreamingUpstream() async throws {
        let harness = try Harness()
        let miss = try await harness.client.stream(question("What is a cache line?"))
        #expect(miss.cache.outcome == .miss)
        let first = try await miss.response()
        #expect(harness.upstream.calls == 1)
        let hit = try await harness.client.stream(question("What is a cache line?"))
        #expect(hit.cache.outcome == .hit)
        #expect(try await hit.response() == first)
        #expect(harness.upstream.calls == 1)
    }

    @Test("a call that is not deterministic streams uncached")
    func bypass() async throws {
        let harness = try Harness()
        for _ in 0..<2 {
            let stream = try await harness.client.stream(question("Write a limerick.", temperature: 0.9))
            #expect(stream.cache.outcome == .bypass)
            _ = try await stream.response()
        }
        #expect(harness.upstream.calls == 2)
        #expect(try await harness.store.statistics().entries == 0)
    }
}
