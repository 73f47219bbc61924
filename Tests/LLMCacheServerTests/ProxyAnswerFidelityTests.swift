import Foundation
import LLMCacheServer
import LLMCore
import Testing

@Suite("Proxy: the provider's answer comes back with the members the neutral answer does not model")
struct ProxyAnswerFidelityTests {
    @Test("OpenAI system_fingerprint, service_tier and completion_tokens_details, on the miss and on the hit")
    func openAI() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            for expected in ["miss", "hit-exact"] {
                let reply = try await proxy.openAI("Name a river.")
                #expect(reply.cache == expected)
                #expect(reply.json["system_fingerprint"] == "fp_simulator")
                #expect(reply.json["service_tier"] == "default")
                #expect(reply.json["usage"]?["completion_tokens_details"]?["reasoning_tokens"] == 0)
                #expect(reply.json["usage"]?["prompt_tokens_details"]?["audio_tokens"] == 0)
                #expect(reply.json["usage"]?["prompt_tokens_details"]?["cached_tokens"] != nil)
            }
        }
    }

    @Test("Anthropic usage.service_tier, on the miss and on the hit")
    func anthropic() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            for expected in ["miss", "hit-exact"] {
                let reply = try await proxy.anthropic("Name a lake.")
                #expect(reply.cache == expected)
                #expect(reply.json["usage"]?["service_tier"] == "standard")
                #expect(reply.json["usage"]?["input_tokens"] != nil)
            }
        }
    }
}
