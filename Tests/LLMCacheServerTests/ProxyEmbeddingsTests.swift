import Foundation
import LLMCacheServer
import LLMCacheTesting
import LLMCore
import Testing

@Suite("Proxy: embeddings, exact-cached per input item")
struct ProxyEmbeddingsTests {
    static let key = [("authorization", "Bearer sk-one")]

    static func body(_ inputs: [String], extra: String = "") -> String {
        let list = inputs.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"model":"text-embedding-3-small","input":[\#(list)]\#(extra)}"#
    }

    static func upstreamInputs(_ proxy: ProxyHarness) -> [String] {
        proxy.simulator.lastRequestBody(on: "POST /v1/embeddings")?["input"]?.arrayValue?.compactMap(\.stringValue)
            ?? []
    }

    @Test("a batch with some inputs stored sends only the others, and answers in the caller's order")
    func partial() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let first = try await proxy.send(
                "/v1/embeddings", body: Self.body((0..<90).map { "text \($0)" }), headers: Self.key)
            #expect(first.status == 200)
            #expect(first.cache == "miss")
            // Every index once, in a fixed scrambled order (37 and 100 have no common factor).
            let all = (0..<100).map { "text \(($0 * 37) % 100)" }
            let second = try await proxy.send("/v1/embeddings", body: Self.body(all), headers: Self.key)
            #expect(second.status == 200)
            #expect(second.cache == "partial")
            #expect(second.headers["x-cache-hits"] == "90/100")
            #expect(Set(Self.upstreamInputs(proxy)) == Set((90..<100).map { "text \($0)" }))
            let data = second.json["data"]?.arrayValue ?? []
            #expect(data.count == 100)
            #expect(data.enumerated().allSatisfy { $0.element["index"] == .int(Int64($0.offset)) })

            // Each vector is the one a direct call gives for that input.
            let direct = try await proxy.send("/v1/embeddings", body: Self.body([all[7]]), headers: Self.key)
            #expect(direct.cache == "hit-exact")
            #expect(direct.json["data"]?.arrayValue?.first?["embedding"] == data[7]["embedding"])
            #expect(proxy.simulator.requests(on: "POST /v1/embeddings") == 2)
        }
    }

    @Test("dimensions and encoding_format are keyed, user is not; another key's entries are never used")
    func keyed() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            #expect(try await proxy.send("/v1/embeddings", body: Self.body(["a"]), headers: Self.key).cache == "miss")
            let smaller = Self.body(["a"], extra: #","dimensions":64"#)
            #expect(try await proxy.send("/v1/embeddings", body: smaller, headers: Self.key).cache == "miss")
            let base64 = Self.body(["a"], extra: #","encoding_format":"base64""#)
            #expect(try await proxy.send("/v1/embeddings", body: base64, headers: Self.key).cache == "miss")
            let user = Self.body(["a"], extra: #","user":"u-9""#)
            #expect(try await proxy.send("/v1/embeddings", body: user, headers: Self.key).cache == "hit-exact")
            let other = try await proxy.send(
                "/v1/embeddings", body: Self.body(["a"]), headers: [("authorization", "Bearer sk-two")])
            #expect(other.cache == "miss")
            try await Task.sleep(for: .milliseconds(20))
            let fresh = try await proxy.send(
                "/v1/embeddings", body: Self.body(["a"]), headers: Self.key + [("cache-control", "max-age=0")])
            #expect(fresh.cache == "miss", "an entry older than max-age is not served")
        }
    }

    @Test("an upstream error passes through and stores nothing; a body it cannot split goes as sent")
    func errorsAndOtherShapes() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let noModel = try await proxy.send("/v1/embeddings", body: #"{"input":["a"]}"#, headers: Self.key)
            #expect(noModel.status == 400)
            #expect(noModel.json["error"]?["message"]?.stringValue?.contains("model") == true)
            let failing = try await proxy.send(
                "/v1/embeddings", body: Self.body(["b"], extra: #","dimensions":4"#), headers: Self.key)
            #expect(failing.status == 400)
            let retry = try await proxy.send(
                "/v1/embeddings", body: Self.body(["b"], extra: #","dimensions":4"#), headers: Self.key)
            #expect(retry.status == 400)
            #expect(proxy.simulator.requests(on: "POST /v1/embeddings") == 3)
        }
    }

    @Test("with the server's key, embeddings are not forwarded (no budget prices them)")
    func serverKey() async throws {
        let server = ProxySetup { configuration in configuration.keySource = .server }
        try await withProxy(server) { (proxy: ProxyHarness) async throws in
            let reply = try await proxy.send("/v1/embeddings", body: Self.body(["a"]), headers: Self.key)
            #expect(reply.status == 403)
            #expect(proxy.simulator.requests(on: "POST /v1/embeddings") == 0)
        }
    }
}
