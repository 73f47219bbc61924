import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import Testing

/// The events of a stream, collected; the error that ended it, if one did.
struct Collected {
    var events: [StreamEvent] = []
    var error: (any Error)?

    /// The text deltas, in order: the chunk boundaries the caller saw.
    var textChunks: [String] {
        events.compactMap { if case .textDelta(_, let text) = $0 { text } else { nil } }
    }

    /// The final response, when the stream completed.
    var completed: LLMResponse? {
        events.last.flatMap { if case .completed(let response) = $0 { response } else { nil } }
    }

    /// How many times the answer started.
    var starts: Int { events.filter { if case .started = $0 { true } else { false } }.count }
}

/// Reads a whole stream, keeping the error instead of throwing it.
func collect(_ stream: CachedStream) async -> Collected {
    var collected = Collected()
    do {
        for try await event in stream { collected.events.append(event) }
    } catch {
        collected.error = error
    }
    return collected
}

@Suite("CachedClient streaming end to end, over real HTTP")
struct StreamingEndToEndTests {
    @Test("a miss streams while recorded; the hit replays the same chunks", arguments: [ProviderID.anthropic, .openAI])
    func missThenHit(provider: ProviderID) async throws {
        var options = EndToEnd.Options()
        options.provider = provider
        try await withEndToEnd(options) { e2e in
            let request = ask(
                "Describe a write-through cache in three sentences.", provider: provider,
                model: provider == .openAI ? "gpt-4o-mini" : "claude-haiku-4-5")
            let miss = try await e2e.client.stream(request)
            #expect(miss.cache.outcome == .miss)
            let first = await collect(miss)
            #expect(first.error == nil)
            #expect(first.starts == 1)
            #expect(first.textChunks.count > 1)
            let answer = try #require(first.completed)
            #expect(first.textChunks.joined() == answer.text)
            #expect(try await e2e.storedEntries() == 1)

            let hit = try await e2e.client.stream(request)
            #expect(hit.cache.outcome == .hit)
            #expect(hit.cache.layer == .exact)
            #expect(hit.cache.cost == .zero)
            let second = await collect(hit)
            #expect(second.error == nil)
            #expect(second.textChunks == first.textChunks)
            #expect(second.completed == answer)
            #expect(e2e.upstreamRequests == 1)

            // The stored streamed answer also serves a plain call.
            let plain = try await e2e.client.send(request)
            #expect(plain.cache.layer == .exact)
            #expect(plain.response == answer)
            #expect(e2e.upstreamRequests == 1)
        }
    }

    @Test("an answer stored from a plain call replays as a well-formed stream")
    func plainThenStream() async throws {
        try await withEndToEnd { e2e in
            let request = ask("List three eviction policies and one sentence on each.")
            let plain = try await e2e.client.send(request)
            let hit = try await e2e.client.stream(request)
            #expect(hit.cache.outcome == .hit)
            let replay = await collect(hit)
            #expect(replay.starts == 1)
            #expect(replay.textChunks.count > 1)
            #expect(replay.textChunks.joined() == plain.response.text)
            #expect(replay.completed == plain.response)
            let kinds = replay.events.map { event -> String in
                switch event {
                case .started: "start"
                case .blockStarted: "block"
                case .textDelta: "text"
                case .toolInputDelta: "tool"
                case .blockDelta: "delta"
                case .blockStopped: "stop"
                case .usage: "usage"
                case .completed: "done"
                }
            }
            #expect(kinds.first == "start")
            #expect(kinds.suffix(3) == ["stop", "usage", "done"])
            #expect(e2e.upstreamRequests == 1)
        }
    }

    @Test(
        "a stream cut midway stores nothing and ends with an error",
        arguments: [SimulatedFault.cutStream, .streamError(beforeContent: false)])
    func cutStream(fault: SimulatedFault) async throws {
        var options = EndToEnd.Options()
        options.maxRetries = 3
        try await withEndToEnd(options) { e2e in
            e2e.simulator.injectFaults([fault])
            let request = ask("Explain write-back caching.")
            let stream = try await e2e.client.stream(request)
            let cut = await collect(stream)
            #expect(cut.completed == nil)
            #expect(cut.error is StreamInterruptedError)
            #expect(!cut.textChunks.isEmpty)
            // Not retried: a retry would repeat what the caller already has.
            #expect(e2e.upstreamRequests == 1)
            #expect(try await e2e.storedEntries() == 0)

            let again = try await e2e.client.stream(request)
            #expect(again.cache.outcome == .miss)
            #expect(await collect(again).completed != nil)
            #expect(try await e2e.storedEntries() == 1)
        }
    }

    @Test("an overloaded stream before any content is retried without the caller seeing two starts")
    func retriedBeforeContent() async throws {
        try await withEndToEnd { e2e in
            e2e.simulator.injectFaults([.streamError(beforeContent: true)])
            let stream = try await e2e.client.stream(ask("Explain read-through caching."))
            let answer = await collect(stream)
            #expect(answer.error == nil)
            #expect(answer.starts == 1)
            #expect(answer.completed != nil)
            #expect(e2e.upstreamRequests == 2)
            #expect(try await e2e.storedEntries() == 1)
        }
    }

    @Test("an error before the first event is thrown by the call, and nothing is stored")
    func errorBeforeFirstEvent() async throws {
        try await withEndToEnd { e2e in
            e2e.simulator.injectFaults([.badRequest])
            await #expect(throws: ProviderError.self) {
                _ = try await e2e.client.stream(ask("Explain cache stampedes."))
            }
            #expect(e2e.upstreamRequests == 1)
            let entries = try await e2e.storedEntries()
            #expect(entries == 0)
        }
    }

    @Test("a stream the caller abandons is cancelled upstream and stores nothing")
    func abandoned() async throws {
        var options = EndToEnd.Options()
        options.simulator.streamEventInterval = .milliseconds(50)
        try await withEndToEnd(options) { e2e in
            let request = ask("Write a long explanation of cache invalidation.", maxTokens: 400)
            let stream = try await e2e.client.stream(request)
            for try await event in stream where event.carriesContent { break }
            // Give a stream that was not cancelled time to finish and be stored.
            try await Task.sleep(for: .seconds(2))
            #expect(try await e2e.storedEntries() == 0)
            let again = try await e2e.client.stream(request)
            #expect(again.cache.outcome == .miss)
        }
    }

    @Test("10 concurrent identical streams make one upstream call")
    func singleFlight() async throws {
        var options = EndToEnd.Options()
        options.simulator.streamEventInterval = .milliseconds(5)
        try await withEndToEnd(options) { e2e in
            let client = e2e.client
            let results = try await withThrowingTaskGroup(of: (CacheOutcome, Collected).self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        let stream = try await client.stream(ask("Explain single-flight for streams."))
                        return (stream.cache.outcome, await collect(stream))
                    }
                }
                var all: [(CacheOutcome, Collected)] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(e2e.upstreamRequests == 1)
            #expect(results.filter { $0.0 == .miss }.count == 1)
            let texts = Set(results.compactMap { $0.1.completed?.text })
            #expect(texts.count == 1)
            #expect(results.allSatisfy { $0.1.error == nil && $0.1.starts == 1 })
            let chunks = Set(results.map(\.1.textChunks))
            #expect(chunks.count == 1)
        }
    }
}
