import Foundation
import LLMCacheServer
import LLMCacheTesting
import LLMCore
import Testing

@Suite("Proxy: the OpenAI Responses API through the caches")
struct ProxyResponsesTests {
    static let headers = [("authorization", "Bearer sk-one")]

    @Test("a Responses call reaches the provider as sent, a repeat is an exact hit with the same answer")
    func plain() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let body =
                #"{"model":"gpt-4.1-mini","instructions":"Be brief.","input":[{"role":"user","content":[{"type":"input_text","text":"What is a cache?"}]}],"reasoning":{"effort":"high"},"store":false}"#
            let first = try await proxy.send("/v1/responses", body: body, headers: Self.headers)
            #expect(first.status == 200, "\(first.body)")
            #expect(first.cache == "miss")
            #expect(first.json["object"] == "response")
            let upstream = proxy.simulator.lastRequestBody(on: ProviderSimulator.Route.responses)
            #expect(upstream == (try JSONValue.parse(Data(body.utf8))), "the provider got exactly what was sent")
            #expect(first.json["output"]?.arrayValue?.first?["type"] == "reasoning")
            #expect(first.json["usage"]?["output_tokens_details"]?["reasoning_tokens"] == 64)
            let again = try await proxy.send("/v1/responses", body: body, headers: Self.headers)
            #expect(again.cache == "hit-exact")
            #expect(again.json["output"] == first.json["output"])
            #expect(again.json["id"] == first.json["id"])
            // Another effort is another call.
            let low = body.replacingOccurrences(of: #""high""#, with: #""low""#)
            #expect(try await proxy.send("/v1/responses", body: low, headers: Self.headers).cache == "miss")
            #expect(proxy.simulator.requests(on: ProviderSimulator.Route.responses) == 2)
        }
    }

    @Test("a streamed miss relays the events and stores the answer; plain and streamed repeats are hits")
    func streamed() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let plain = #"{"model":"gpt-4.1-mini","input":"Name three colours""#
            let streamed = try await proxy.send(
                "/v1/responses", body: plain + #","stream":true}"#, headers: Self.headers)
            #expect(streamed.status == 200)
            #expect(streamed.cache == "miss")
            #expect(streamed.body.contains("event: response.output_text.delta"))
            #expect(streamed.body.contains("event: response.completed"))
            let hit = try await proxy.send("/v1/responses", body: plain + "}", headers: Self.headers)
            #expect(hit.cache == "hit-exact")
            let text = hit.json["output"]?.arrayValue?.compactMap {
                $0["content"]?.arrayValue?.first?["text"]?.stringValue
            }
            #expect(text?.isEmpty == false)
            let replay = try await proxy.send(
                "/v1/responses", body: plain + #","stream":true}"#, headers: Self.headers)
            #expect(replay.cache == "hit-exact")
            #expect(replay.body.contains("event: response.created"))
            let deltas = replay.body.split(separator: "\n").filter {
                $0.hasPrefix("data: ") && $0.contains("output_text.delta")
            }
            let joined = deltas.compactMap { line -> String? in
                (try? JSONValue.parse(Data(line.dropFirst(6).utf8)))?["delta"]?.stringValue
            }.joined()
            #expect(joined == text?.first)
            #expect(proxy.simulator.requests(on: ProviderSimulator.Route.responses) == 1)
        }
    }

    @Test("a string input and earlier items are keyed: another earlier turn is another call")
    func earlierItems() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            func body(_ earlier: String) -> String {
                #"{"model":"gpt-4.1-mini","temperature":0,"input":[{"role":"user","content":"\#(earlier)"},{"role":"assistant","content":"Noted."},{"role":"user","content":"What did I say?"}]}"#
            }
            #expect(
                try await proxy.send("/v1/responses", body: body("I like tea"), headers: Self.headers).cache == "miss")
            #expect(
                try await proxy.send("/v1/responses", body: body("I like coffee"), headers: Self.headers).cache
                    == "miss")
            #expect(
                try await proxy.send("/v1/responses", body: body("I like tea"), headers: Self.headers).cache
                    == "hit-exact")
            let upstream = proxy.simulator.lastRequestBody(on: ProviderSimulator.Route.responses)
            #expect(upstream == (try JSONValue.parse(Data(body("I like coffee").utf8))))
        }
    }

    @Test("a background response passes through uncached")
    func background() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let body = #"{"model":"gpt-4.1-mini","input":"hi","background":true}"#
            let reply = try await proxy.send("/v1/responses", body: body, headers: Self.headers)
            #expect(reply.cache == "bypass")
            #expect(reply.headers["x-cache-reason"]?.contains("background") == true)
        }
    }
}
