import Foundation
import LLMCore
import Testing

@Suite("Cache key")
struct CacheKeyTests {
    static let base = LLMRequest(
        provider: .anthropic, model: "claude-sonnet-4-5", system: [TextBlock("Be brief.")],
        messages: [
            .user("Hello"), .assistant("Hi! How can I help?"),
            Message(
                role: .user,
                content: [.text("What is in this picture?"), .image(mediaType: "image/png", data: Data([1, 2, 3]))]),
        ],
        tools: [
            Tool(name: "lookup", description: "Looks things up", inputSchema: ["type": "object", "required": ["q"]])
        ],
        toolChoice: .auto, maxTokens: 512, temperature: 0, topP: 0.9, topK: 40, stopSequences: ["END"],
        responseFormat: .jsonObject, seed: 7, metadata: ["user": "u1"])

    @Test("reordered JSON keys and whitespace give the same key")
    func keyIgnoresJSONLayout() throws {
        let compact = """
            {"model":"m","max_tokens":100,"temperature":0,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],\
            "tools":[{"name":"t","input_schema":{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"number"}}}}]}
            """
        let shuffled = """
            {
              "tools" : [ { "input_schema" : { "properties" : { "b" : { "type" : "number" }, "a" : { "type" : "string" } },
                            "type" : "object" }, "name" : "t" } ],
              "messages" : [ { "content" : [ { "text" : "Hi", "type" : "text" } ], "role" : "user" } ],
              "temperature" : 0.0,
              "max_tokens" : 100,
              "model" : "m"
            }
            """
        let first = try JSONDecoder().decode(LLMRequest.self, from: Data(compact.utf8))
        let second = try JSONDecoder().decode(LLMRequest.self, from: Data(shuffled.utf8))
        #expect(try CacheKey(first) == CacheKey(second))
    }

    @Test("the key is 64 lowercase hex digits and stable across runs")
    func keyShape() throws {
        let key = try CacheKey(Self.base)
        #expect(key.hex.count == 64)
        #expect(CacheKey(hex: key.hex) == key)
        #expect(try CacheKey(Self.base) == key)
    }

    static let mutations: [(String, @Sendable (inout LLMRequest) -> Void)] = [
        ("provider", { $0.provider = .openAI }),
        ("model", { $0.model = "claude-opus-4-1" }),
        ("system", { $0.system = [TextBlock("Be verbose.")] }),
        ("system dropped", { $0.system = [] }),
        ("earlier turn", { $0.messages[1] = .assistant("Hello there.") }),
        ("last user text", { $0.messages[2].content[0] = .text("What is in this photo?") }),
        ("image bytes", { $0.messages[2].content[1] = .image(mediaType: "image/png", data: Data([1, 2, 4])) }),
        ("image media type", { $0.messages[2].content[1] = .image(mediaType: "image/jpeg", data: Data([1, 2, 3])) }),
        ("role", { $0.messages[1].role = .user }),
        ("extra turn", { $0.messages.append(.assistant("ok")) }),
        ("tool description", { $0.tools[0].description = "Searches" }),
        ("tool schema", { $0.tools[0].inputSchema = ["type": "object"] }),
        ("tool name", { $0.tools[0].name = "search" }),
        ("tool choice", { $0.toolChoice = .tool(name: "lookup") }),
        ("tool choice removed", { $0.toolChoice = nil }),
        ("max tokens", { $0.maxTokens = 513 }),
        ("temperature", { $0.temperature = 0.5 }),
        ("temperature unset", { $0.temperature = nil }),
        ("top p", { $0.topP = 0.8 }),
        ("top k", { $0.topK = 41 }),
        ("stop sequences", { $0.stopSequences = ["STOP"] }),
        ("response format", { $0.responseFormat = .jsonSchema(name: "x", schema: ["type": "object"], strict: true) }),
        ("seed", { $0.seed = 8 }),
        (
            "tool use block",
            {
                $0.messages[1].content.append(.toolUse(id: "call_1", name: "lookup", input: ["q": "x"]))
            }
        ),
        (
            "tool result block",
            {
                $0.messages[2].content.append(.toolResult(toolUseID: "call_1", content: [.text("42")], isError: false))
            }
        ),
    ]

    @Test("changing any output-affecting field changes the key", arguments: 0..<mutations.count)
    func everyOutputFieldMatters(index: Int) throws {
        var changed = Self.base
        Self.mutations[index].1(&changed)
        #expect(try CacheKey(changed) != CacheKey(Self.base), "\(Self.mutations[index].0) did not change the key")
    }

    @Test("metadata, stream and prompt-cache markers leave the key alone")
    func nonOutputFieldsIgnored() throws {
        var changed = Self.base
        changed.metadata = ["user": "someone else"]
        changed.stream = true
        changed.system[0].cacheControl = PromptCacheMarker(ttl: .oneHour)
        changed.tools[0].cacheControl = PromptCacheMarker()
        #expect(try CacheKey(changed) == CacheKey(Self.base))
    }

    @Test("1 and 1.0 are one number; 0.1 differs from 0.10000000000000002")
    func numbersHaveOneSpelling() throws {
        var a = Self.base
        a.temperature = 1
        var b = Self.base
        b.temperature = 1.0
        #expect(try CacheKey(a) == CacheKey(b))
        a.topP = 0.1
        b.topP = 0.10000000000000002
        #expect(try CacheKey(a) != CacheKey(b))
    }

    @Test("a NaN parameter is refused")
    func nanRefused() {
        var request = Self.base
        request.temperature = .nan
        #expect(throws: CanonicalJSON.InvalidNumberError.self) { try CacheKey(request) }
    }
}
