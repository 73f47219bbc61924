import LLMCore
import Testing

@Suite("Cache key: provider headers")
struct CacheKeyHeaderTests {
    static let base = LLMRequest(
        provider: .anthropic, model: "claude-haiku-4-5", messages: [.user("Hello")], maxTokens: 64, temperature: 0)

    static func with(_ headers: [String: String]) -> LLMRequest {
        var request = base
        request.providerHeaders = headers
        return request
    }

    @Test("anthropic-beta changes the key: a beta call never shares an entry with a plain one")
    func betaIsKeyed() throws {
        let plain = try CacheKey(Self.base)
        let beta = try CacheKey(Self.with(["anthropic-beta": "files-api-2025-04-14"]))
        let otherBeta = try CacheKey(Self.with(["anthropic-beta": "context-1m-2025-08-07"]))
        #expect(plain != beta)
        #expect(beta != otherBeta)
    }

    @Test("the set of betas is what counts, not their order, spacing or repeats")
    func betaSetIsCanonical() throws {
        let one = try CacheKey(Self.with(["anthropic-beta": "a-1,b-2"]))
        #expect(try CacheKey(Self.with(["anthropic-beta": " b-2 , a-1,a-1"])) == one)
        #expect(try CacheKey(Self.with(["anthropic-beta": " , "])) == CacheKey(Self.base))
    }

    @Test("the default anthropic-version and the billing headers leave the key as it was; another version does not")
    func versionAndBilling() throws {
        let plain = try CacheKey(Self.base)
        #expect(try CacheKey(Self.with(["anthropic-version": "2023-06-01"])) == plain)
        #expect(
            try CacheKey(
                Self.with([
                    "anthropic-workspace-id": "wrkspc_1", "openai-organization": "org-1", "openai-project": "proj_1",
                ])) == plain)
        #expect(try CacheKey(Self.with(["anthropic-version": "2099-01-01"])) != plain)
    }

    @Test("a request without provider headers has no headers member")
    func documentUnchanged() {
        guard case .object(let document) = CacheKey.document(for: Self.base) else {
            Issue.record("the key document is not an object")
            return
        }
        #expect(document["headers"] == nil)
        #expect(document["v"] == .int(CacheKey.formatVersion))
    }
}
