import CostControl
import Foundation
import LLMCore
import Testing
import WireFormats

@testable import Providers

extension FuzzTests {
    @Test("Upstream answers: a response or a typed decoding error, in every format")
    func providerResponses() {
        Fuzz.run(
            "responses", iterations: 3000,
            generate: { random, corpus in
                random.chance(1, in: 3)
                    ? JSONGenerator.bytes(
                        JSONGenerator.value(ResponseShapes.usageCarrier, random: &random), corpus: corpus,
                        random: &random)
                    : Mutator.mutatedEntry(corpus, random: &random)
            },
            check: { input in
                guard let body = try? JSONValue.parse(bytes: input) else {
                    _ = ProviderError(status: 500, headers: [:], body: Data(input))
                    return
                }
                _ = ProviderError(status: 429, headers: ["request-id": "r"], body: Data(input))
                try decoding { try checkUsage(AnthropicResponseDecoder.response(from: body).usage) }
                try decoding { try checkUsage(OpenAIChatResponseDecoder.response(from: body).usage) }
                try decoding { try checkUsage(OpenAIResponsesResponseDecoder.response(from: body).usage) }
            })
    }

    @Test("Upstream streams: events or a typed error, through the SSE parser and every stream assembler")
    func providerStreams() {
        Fuzz.run(
            "streams", iterations: 2000,
            generate: { random, corpus in Mutator.mutatedEntry(corpus, random: &random) },
            check: { input in
                var parser = ServerSentEventParser()
                let events = parser.feed(input)
                _ = parser.finish()
                try decoding { try consume(events, into: AnthropicStreamAssembler(requestID: "r")) }
                try decoding { try consume(events, into: OpenAIChatStreamAssembler(requestID: "r")) }
                try decoding { try consume(events, into: OpenAIResponsesStreamAssembler(requestID: "r")) }
            })
    }
}

/// Runs `body`, letting through only the errors a decoder of upstream bytes may throw.
private func decoding(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch is InvalidProviderBodyError {
    } catch is UsageNormalizationError {
    } catch is ProviderError {}
}

private func consume<Assembler: StreamAssembling>(_ events: [ServerSentEvent], into initial: Assembler) throws {
    var assembler = initial
    for event in events {
        for neutral in try assembler.consume(event) {
            if case .usage(let usage) = neutral { try checkUsage(usage) }
            if case .completed(let response) = neutral { try checkUsage(response.usage) }
        }
        if assembler.finished { break }
    }
    if let usage = assembler.usage { try checkUsage(usage) }
}

/// Token counts are not negative, their totals do not overflow, and a price of them is not negative.
private func checkUsage(_ usage: Usage) throws {
    let counts = [
        usage.inputTokens, usage.outputTokens, usage.cacheReadInputTokens, usage.cacheWrite5mInputTokens,
        usage.cacheWrite1hInputTokens,
    ]
    guard counts.allSatisfy({ $0 >= 0 }) else { throw FuzzViolation("a negative token count: \(usage)") }
    _ = usage.totalInputTokens
    let rates = ModelRates(
        input: TokenRate(microDollarsPerMillion: 3_000_000), output: TokenRate(microDollarsPerMillion: 15_000_000),
        cacheWrite5m: TokenRate(microDollarsPerMillion: 3_750_000),
        cacheWrite1h: TokenRate(microDollarsPerMillion: 6_000_000),
        cacheRead: TokenRate(microDollarsPerMillion: 300_000))
    guard rates.cost(of: usage).rawValue >= 0 else { throw FuzzViolation("a negative price of \(usage)") }
}

/// Response bodies of both providers, with hostile usage blocks, for ``JSONGenerator``.
enum ResponseShapes {
    static let count: Shape = .int(0...100_000)
    static let usage: Shape = .object([
        ("input_tokens", count, false), ("output_tokens", count, false), ("cache_creation_input_tokens", count, false),
        ("cache_read_input_tokens", count, false),
        (
            "cache_creation",
            .object([("ephemeral_5m_input_tokens", count, false), ("ephemeral_1h_input_tokens", count, false)]), false
        ),
        ("prompt_tokens", count, false), ("completion_tokens", count, false),
        ("prompt_tokens_details", .object([("cached_tokens", count, false)]), false),
    ])
    static let usageCarrier: Shape = .object([
        ("id", .string(["msg_1", "chatcmpl-1"]), true), ("model", .string(["m"]), false),
        (
            "content",
            .array(
                .object([
                    ("type", .string(["text", "tool_use", "thinking"]), true), ("text", .string([]), false),
                    ("id", .string(["t"]), false), ("name", .string(["f"]), false), ("input", .any, false),
                ]), maximum: 2), false
        ),
        (
            "choices",
            .array(
                .object([
                    (
                        "message",
                        .object([
                            ("content", .string([]), false), ("refusal", .string([]), false),
                            (
                                "tool_calls",
                                .array(
                                    .object([
                                        ("id", .string(["c"]), false),
                                        (
                                            "function",
                                            .object([
                                                ("name", .string(["f"]), false),
                                                ("arguments", .string(["{}", "{", "[1e309]"]), false),
                                            ]), false
                                        ),
                                    ]), maximum: 2), false
                            ),
                        ]), true
                    ),
                    ("finish_reason", .string(["stop", "length", "tool_calls", "x"]), false),
                ]), maximum: 1), false
        ),
        ("stop_reason", .string(["end_turn"]), false), ("usage", usage, false),
    ])
}
