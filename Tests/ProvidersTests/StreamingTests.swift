import Foundation
import LLMCacheTesting
import LLMCore
import Providers
import Testing

@Suite("Streaming assembly")
struct StreamingTests {
    static func requests(provider: ProviderID, model: String) -> [LLMRequest] {
        let tool = Tool(name: "search", description: "Searches.", inputSchema: ["type": "object"])
        return [
            LLMRequest(
                provider: provider, model: model, messages: [.user("Stream me a sentence, please.")], temperature: 0),
            LLMRequest(
                provider: provider, model: model, system: [TextBlock("You are terse.")],
                messages: [.user("Say the magic word STOP and go on")], temperature: 0, stopSequences: ["STOP"]),
            LLMRequest(
                provider: provider, model: model, messages: [.user("A long answer that will be cut")], maxTokens: 5),
            LLMRequest(
                provider: provider, model: model, messages: [.user("weather in Paris")], tools: [tool], toolChoice: .any
            ),
        ]
    }

    @Test("Anthropic: the assembled stream equals the plain answer, and events arrive in order")
    func anthropicStreamEqualsPlain() async throws {
        try await withSimulator { _, base in
            let transport = anthropic(base)
            for request in Self.requests(provider: .anthropic, model: "claude-sonnet-4-5") {
                let plain = try await transport.send(request)
                var events: [StreamEvent] = []
                for try await event in transport.stream(request) { events.append(event) }
                guard case .started? = events.first, case .completed(let streamed)? = events.last else {
                    Issue.record("stream did not start and complete: \(events)")
                    continue
                }
                #expect(withoutID(streamed) == withoutID(plain))
                #expect(events.contains { $0.carriesContent })
            }
        }
    }

    @Test("OpenAI: the assembled stream equals the plain answer, usage included")
    func openAIStreamEqualsPlain() async throws {
        try await withSimulator { _, base in
            let transport = openAI(base)
            for request in Self.requests(provider: .openAI, model: "gpt-4.1-mini") {
                let plain = try await transport.send(request)
                let streamed = try await transport.stream(request).response()
                #expect(withoutID(streamed) == withoutID(plain))
                #expect(streamed.usage.inputTokens > 0 && streamed.usage.outputTokens > 0)
            }
        }
    }

    @Test("stop reasons: stop sequence and max tokens")
    func stopReasons() async throws {
        try await withSimulator { _, base in
            let requests = Self.requests(provider: .anthropic, model: "claude-sonnet-4-5")
            let stopped = try await anthropic(base).send(requests[1])
            #expect(stopped.stopReason == .stopSequence && stopped.stopSequence == "STOP")
            #expect(!stopped.text.contains("STOP"))
            let cut = try await anthropic(base).send(requests[2])
            #expect(cut.stopReason == .maxTokens && cut.usage.outputTokens <= 5)
        }
    }
}
