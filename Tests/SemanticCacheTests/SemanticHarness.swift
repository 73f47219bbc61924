import CacheStorage
import Embeddings
import Foundation
import LLMCacheTesting
import LLMCore
import SQLiteStore
import SemanticCache

/// A temporary store with a semantic layer over the lexical embedder.
final class SemanticHarness: Sendable {
    let directory: URL
    let clock = ManualClock()
    let store: SQLiteStore
    let semantic: SemanticCache

    init(
        embedder: any Embedder = LexicalEmbedder(dimension: 384),
        configure: (inout SemanticCacheConfiguration) -> Void = { _ in }
    ) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-semantic-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory.appendingPathComponent("c.sqlite").path, clock: clock)
        var configuration = SemanticCacheConfiguration()
        configure(&configuration)
        semantic = try await SemanticCache.open(store: store, embedder: embedder, configuration: configuration)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var path: String { directory.appendingPathComponent("c.sqlite").path }

    /// Stores an answer for `text` in `scope` directly, as the client does on a miss.
    @discardableResult
    func store(_ text: String, namespace: String = "default", system: String = "Be brief.", ttl: Duration? = nil)
        async throws -> Int64
    {
        let request = ask(text, system: system)
        let (scope, prompt) = try ContextFingerprint.scope(of: request, namespace: namespace)
        let vector = try await semantic.embed(prompt)
        let response = LLMResponse(
            id: "m", model: request.model, content: [.text("answer to \(text)")], stopReason: .endTurn, usage: Usage())
        let id = try await store.insert(
            NewCacheEntry(
                namespace: namespace, key: try CacheKey(request).hex, provider: "anthropic", model: request.model,
                ttl: ttl, response: try JSONEncoder().encode(response),
                vector: StoredVector(scope: scope, prompt: prompt, vector: vector)))
        semantic.indexInserted(id: id, scope: scope, vector: vector)
        return id
    }
}

func ask(_ text: String, system: String = "Be brief.", model: String = "claude-haiku-4-5") -> LLMRequest {
    LLMRequest(model: model, system: [TextBlock(system)], messages: [.user(text)], maxTokens: 100, temperature: 0)
}

/// An embedder that takes its time.
struct SlowEmbedder: Embedder {
    var modelIdentifier: String { LexicalEmbedder(dimension: 384).modelIdentifier }
    var dimension: Int { 384 }
    func embed(_ texts: [String]) async throws -> [[Float]] {
        try await Task.sleep(for: .seconds(600))
        return try await LexicalEmbedder(dimension: 384).embed(texts)
    }
}

/// An embedder that always fails.
struct BrokenEmbedder: Embedder {
    struct Broken: Error {}
    var modelIdentifier: String { LexicalEmbedder(dimension: 384).modelIdentifier }
    var dimension: Int { 384 }
    func embed(_ texts: [String]) async throws -> [[Float]] { throw Broken() }
}
