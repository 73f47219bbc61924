import Foundation
import LLMCacheTesting
import LLMCore
import Providers
import Testing

@Suite("Content blocks through both transports")
struct RoundTripTests {
    /// A conversation with every content-block kind: text, image, tool use, tool result.
    static let conversation: [Message] = [
        Message(
            role: .user, content: [.text("What is in this picture?"), .image(mediaType: "image/png", data: tinyPNG)]),
        Message(
            role: .assistant,
            content: [
                .text("Let me look it up."), .toolUse(id: "toolu_1", name: "lookup", input: ["q": "pixel", "n": 2]),
            ]),
        Message(
            role: .user,
            content: [
                .toolResult(toolUseID: "toolu_1", content: [.text("a single red pixel")], isError: false),
                .text("Thanks, and in one word?"),
            ]),
    ]

    static let tool = Tool(
        name: "lookup", description: "Looks things up.",
        inputSchema: ["type": "object", "properties": ["q": ["type": "string"]]],
        cacheControl: PromptCacheMarker(ttl: .oneHour))

    @Test("Anthropic: every block kind reaches the server unchanged; text and tool-use answers come back")
    func anthropicRoundTrip() async throws {
        try await withSimulator { simulator, base in
            let transport = anthropic(base)
            let request = LLMRequest(
                provider: .anthropic, model: "claude-sonnet-4-5",
                system: [TextBlock("Be brief.", cacheControl: PromptCacheMarker(ttl: .oneHour))],
                messages: Self.conversation, tools: [Self.tool], toolChoice: ToolChoice.none, maxTokens: 200,
                temperature: 0, topP: 0.9, topK: 5, stopSequences: ["STOP"])
            let response = try await transport.send(request)
            #expect(response.stopReason == .endTurn)
            #expect(response.text.contains("Thanks, and in one word?"))

            let body = try #require(simulator.lastRequestBody(on: ProviderSimulator.Route.messages))
            let decoder = JSONDecoder()
            let sent = try decoder.decode(WireRequest.self, from: Data(CanonicalJSON.encode(body)))
            #expect(sent.messages == Self.conversation)
            #expect(sent.system == request.system)
            #expect(sent.tools == [Self.tool])
            #expect(sent.toolChoice == ToolChoice.none)
            #expect(sent.maxTokens == 200 && sent.temperature == 0 && sent.topP == 0.9 && sent.topK == 5)
            #expect(sent.stopSequences == ["STOP"])

            var toolRequest = request
            toolRequest.toolChoice = .tool(name: "lookup")
            toolRequest.messages = [.user("find pixels")]
            let toolAnswer = try await transport.send(toolRequest)
            #expect(toolAnswer.stopReason == .toolUse)
            guard case .toolUse(let id, let name, let input)? = toolAnswer.content.first else {
                Issue.record("expected a tool call, got \(toolAnswer.content)")
                return
            }
            #expect(!id.isEmpty && name == "lookup" && input == ["query": "find pixels"])
        }
    }

    @Test("OpenAI: every block kind is mapped to its Chat Completions form; answers come back")
    func openAIRoundTrip() async throws {
        try await withSimulator { simulator, base in
            let transport = openAI(base)
            let request = LLMRequest(
                provider: .openAI, model: "gpt-4.1-mini", system: [TextBlock("Be brief.")],
                messages: Self.conversation, tools: [Self.tool], toolChoice: ToolChoice.none, maxTokens: 200,
                temperature: 0, topP: 0.9, stopSequences: ["STOP"], responseFormat: .jsonObject, seed: 42,
                metadata: ["prompt_cache_key": "tenant-a"])
            let response = try await transport.send(request)
            #expect(response.stopReason == .endTurn)
            #expect(response.text.hasPrefix("{\"answer\":"))

            let body = try #require(simulator.lastRequestBody(on: ProviderSimulator.Route.chatCompletions))
            let messages = try #require(
                body["messages"].flatMap { value -> [JSONValue]? in
                    if case .array(let items) = value { return items }
                    return nil
                })
            #expect(messages.count == 5)
            #expect(messages[0] == ["role": "system", "content": "Be brief."])
            let imageURL = "data:image/png;base64," + tinyPNG.base64EncodedString()
            #expect(
                messages[1] == [
                    "role": "user",
                    "content": [
                        ["type": "text", "text": "What is in this picture?"],
                        ["type": "image_url", "image_url": ["url": .string(imageURL)]],
                    ],
                ])
            #expect(messages[2]["content"] == "Let me look it up.")
            #expect(
                messages[2]["tool_calls"] == [
                    [
                        "id": "toolu_1", "type": "function",
                        "function": [
                            "name": "lookup", "arguments": .string(try CanonicalJSON.string(["q": "pixel", "n": 2])),
                        ],
                    ]
                ])
            #expect(messages[3] == ["role": "tool", "tool_call_id": "toolu_1", "content": "a single red pixel"])
            #expect(messages[4] == ["role": "user", "content": "Thanks, and in one word?"])
            #expect(body["tool_choice"] == "none")
            #expect(body["max_completion_tokens"] == 200)
            #expect(body["seed"] == 42)
            #expect(body["stop"] == ["STOP"])
            #expect(body["response_format"] == ["type": "json_object"])
            #expect(body["prompt_cache_key"] == "tenant-a")
            #expect(
                body["tools"] == [
                    [
                        "type": "function",
                        "function": [
                            "name": "lookup", "description": "Looks things up.",
                            "parameters": ["type": "object", "properties": ["q": ["type": "string"]]],
                        ],
                    ]
                ])

            var toolRequest = request
            toolRequest.toolChoice = .any
            toolRequest.responseFormat = nil
            toolRequest.messages = [.user("find pixels")]
            let toolAnswer = try await transport.send(toolRequest)
            #expect(toolAnswer.stopReason == .toolUse)
            guard case .toolUse(_, let name, let input)? = toolAnswer.content.first else {
                Issue.record("expected a tool call, got \(toolAnswer.content)")
                return
            }
            #expect(name == "lookup" && input == ["query": "find pixels"])
        }
    }
}

/// The Anthropic request fields checked by the round trip, decoded with LLMCore's Anthropic-shaped types.
private struct WireRequest: Decodable {
    var system: [TextBlock]
    var messages: [Message]
    var tools: [Tool]
    var toolChoice: ToolChoice
    var maxTokens: Int
    var temperature: Double
    var topP: Double
    var topK: Int
    var stopSequences: [String]

    enum CodingKeys: String, CodingKey {
        case system, messages, tools, temperature
        case toolChoice = "tool_choice"
        case maxTokens = "max_tokens"
        case topP = "top_p"
        case topK = "top_k"
        case stopSequences = "stop_sequences"
    }
}

extension JSONValue {
    fileprivate subscript(_ key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}
