import CacheStorage
import Embeddings
import Foundation
import LLMCore
import SQLiteStore
import SemanticCache
import Testing

@Suite("Semantic layer")
struct SemanticCacheTests {
    func scope(_ request: LLMRequest, namespace: String = "default") throws -> String {
        try ContextFingerprint.scope(of: request, namespace: namespace).scope
    }

    @Test("the scope changes with system prompt, model, namespace, parameters and earlier turns, not the question")
    func scopes() throws {
        let base = ask("How do I reset my password?")
        #expect(try scope(base) == scope(ask("Something else entirely")))
        #expect(try scope(base) != scope(ask("How do I reset my password?", system: "Be verbose.")))
        #expect(try scope(base) != scope(ask("How do I reset my password?", model: "claude-sonnet-4-5")))
        #expect(try scope(base) != scope(base, namespace: "tenant-b"))
        var earlier = base
        earlier.messages.insert(contentsOf: [.user("Hi"), .assistant("Hello")], at: 0)
        #expect(try scope(base) != scope(earlier))
        var hotter = base
        hotter.maxTokens = 200
        #expect(try scope(base) != scope(hotter))
        let family = { (model: String) in model.hasPrefix("claude-haiku-4-5") ? "haiku-4.5" : model }
        let snapshot = ask("How do I reset my password?", model: "claude-haiku-4-5-20251001")
        #expect(
            try ContextFingerprint.scope(of: base, namespace: "n", family: family).scope
                == ContextFingerprint.scope(of: snapshot, namespace: "n", family: family).scope)
    }

    @Test("a document before the question is context: only the question is embedded")
    func documentIsContext() throws {
        func about(_ document: String, _ question: String) -> LLMRequest {
            var request = ask(question)
            request.messages[0] = Message(role: .user, content: [.text(document), .text(question)])
            return request
        }
        let contractA = String(repeating: "Clause on termination and liability. ", count: 200)
        let contractB = String(repeating: "Clause on payment and audit rights. ", count: 200)
        let first = try ContextFingerprint.scope(of: about(contractA, "What is the liability cap?"), namespace: "n")
        let second = try ContextFingerprint.scope(of: about(contractA, "Summarise termination."), namespace: "n")
        let other = try ContextFingerprint.scope(of: about(contractB, "What is the liability cap?"), namespace: "n")
        #expect(first.text == "What is the liability cap?")
        #expect(first.scope == second.scope)
        #expect(first.scope != other.scope)
        #expect(try scope(ask("What is the liability cap?")) != first.scope)
    }

    @Test("turns that cannot be embedded are refused")
    func ineligible() {
        var image = ask("What is this?")
        image.messages[0].content.append(.image(mediaType: "image/png", data: Data([1])))
        #expect(throws: ContextFingerprint.IneligibleError.nonTextContent) {
            try ContextFingerprint.scope(of: image, namespace: "n")
        }
        var assistantLast = ask("Hi")
        assistantLast.messages.append(.assistant("Hello"))
        #expect(throws: ContextFingerprint.IneligibleError.noUserTurn) {
            try ContextFingerprint.scope(of: assistantLast, namespace: "n")
        }
    }

    @Test("a similar question in the same scope is found, with its similarity and prompt")
    func lookupFindsSimilar() async throws {
        let harness = try await SemanticHarness()
        let id = try await harness.store("How do I reset my password?")
        let request = ask("how do i reset my password")
        let (scope, text) = try ContextFingerprint.scope(of: request, namespace: "default")
        let found = try await harness.semantic.lookup(
            vector: try await harness.semantic.embed(text), scope: scope, threshold: 0.8, maxAge: nil)
        #expect(found?.entry.id == id)
        #expect(found?.matchedPrompt == "How do I reset my password?")
        #expect((found?.similarity ?? 0) > 0.8)
        let otherScope = try ContextFingerprint.scope(
            of: ask("how do i reset my password", system: "x"), namespace: "default")
        #expect(
            try await harness.semantic.lookup(
                vector: try await harness.semantic.embed(text), scope: otherScope.scope, threshold: 0.5, maxAge: nil)
                == nil)
    }

    @Test("expiry and purge remove entries from the in-memory index too")
    func expiryAndPurge() async throws {
        let harness = try await SemanticHarness()
        try await harness.store("short lived question", ttl: .seconds(60))
        try await harness.store("kept question one")
        try await harness.store("kept question two", namespace: "tenant-b")
        #expect(harness.semantic.index.count == 3)
        harness.clock.advance(seconds: 61)
        #expect(try await harness.semantic.sweepExpired() == 1)
        #expect(harness.semantic.index.count == 2)
        _ = try await harness.store.purge(PurgeSelector(namespace: "tenant-b"))
        #expect(harness.semantic.index.count == 1)
        _ = try await harness.store.purge(PurgeSelector(all: true))
        #expect(harness.semantic.index.count == 0)
    }

    @Test("an expired entry found by the index is not served and leaves the index")
    func lazyExpiry() async throws {
        let harness = try await SemanticHarness()
        try await harness.store("what is the refund policy", ttl: .seconds(10))
        harness.clock.advance(seconds: 11)
        let (scope, text) = try ContextFingerprint.scope(of: ask("what is the refund policy"), namespace: "default")
        let vector = try await harness.semantic.embed(text)
        #expect(try await harness.semantic.lookup(vector: vector, scope: scope, threshold: 0.5, maxAge: nil) == nil)
        #expect(harness.semantic.index.count == 0)
    }

    @Test("eviction removes evicted entries from the index")
    func eviction() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-evict-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = SQLiteStoreOptions()
        options.maxEntries = 5
        let store = try SQLiteStore(path: directory.appendingPathComponent("c.sqlite").path, options: options)
        let semantic = try await SemanticCache.open(store: store, embedder: LexicalEmbedder(dimension: 384))
        for number in 0..<12 {
            let request = ask("question number \(number)")
            let (scope, text) = try ContextFingerprint.scope(of: request, namespace: "default")
            let vector = try await semantic.embed(text)
            let id = try await store.insert(
                NewCacheEntry(
                    namespace: "default", key: try CacheKey(request).hex, provider: "anthropic", model: "m", ttl: nil,
                    response: Data("{}".utf8), vector: StoredVector(scope: scope, prompt: text, vector: vector)))
            semantic.indexInserted(id: id, scope: scope, vector: vector)
        }
        #expect(try await store.statistics().entries == 5)
        #expect(semantic.index.count == 5)
    }

    @Test("reopening rebuilds an identical index")
    func reopen() async throws {
        let harness = try await SemanticHarness()
        for number in 0..<50 { try await harness.store("question \(number)", namespace: number % 2 == 0 ? "a" : "b") }
        _ = try await harness.store.purge(PurgeSelector(key: try CacheKey(ask("question 4")).hex))
        let before = harness.semantic.index.contents
        try await harness.store.close()
        let store = try SQLiteStore(path: harness.path, clock: harness.clock)
        let reopened = try await SemanticCache.open(store: store, embedder: LexicalEmbedder(dimension: 384))
        #expect(reopened.index.contents == before)
        #expect(reopened.index.count == 49)
    }

    @Test("vectors from another embedder are refused, or re-embedded when asked")
    func embedderMismatch() async throws {
        let harness = try await SemanticHarness()
        try await harness.store("How do I reset my password?")
        let other = LexicalEmbedder(dimension: 256)
        await #expect(throws: SemanticCacheError.self) {
            _ = try await SemanticCache.open(store: harness.store, embedder: other)
        }
        let reembedded = try await SemanticCache.open(store: harness.store, embedder: other, reembed: true)
        #expect(reembedded.index.count == 1)
        #expect(
            try await harness.store.embeddingSignature()
                == EmbeddingSignature(model: other.modelIdentifier, dimension: 256))
        let (scope, text) = try ContextFingerprint.scope(of: ask("How do I reset my password?"), namespace: "default")
        let found = try await reembedded.lookup(
            vector: try await reembedded.embed(text), scope: scope, threshold: 0.99, maxAge: nil)
        #expect(found != nil)
    }

    @Test("a threshold outside [-1, 1] is refused")
    func thresholdRange() async throws {
        await #expect(throws: SemanticCacheError.thresholdOutOfRange(1.5)) {
            _ = try await SemanticHarness { $0.threshold = 1.5 }
        }
    }

    @Test("a slow embedder times out within the limit")
    func embeddingTimeout() async throws {
        let harness = try await SemanticHarness(embedder: SlowEmbedder()) { $0.embeddingTimeout = .milliseconds(100) }
        let started = ContinuousClock.now
        await #expect(throws: EmbeddingTimeoutError.self) { _ = try await harness.semantic.embed("anything") }
        #expect(ContinuousClock.now - started < .seconds(60), "the embedder sleeps 600 s; the limit is 100 ms")
    }

    @Test("8 tasks inserting and querying at once keep the index and store in step")
    func concurrent() async throws {
        let harness = try await SemanticHarness()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for step in 0..<40 {
                        let text = "task \(task) question \(step) about topic \(step % 5)"
                        try await harness.store(text, namespace: "t\(task)")
                        let (scope, prompt) = try ContextFingerprint.scope(of: ask(text), namespace: "t\(task)")
                        let found = try await harness.semantic.lookup(
                            vector: try await harness.semantic.embed(prompt), scope: scope, threshold: 0.99, maxAge: nil
                        )
                        guard found?.matchedPrompt == text else { throw EmptyPurgeSelectorError() }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(harness.semantic.index.count == 320)
        #expect(try await harness.store.statistics().semanticEntries == 320)
        #expect(harness.semantic.index.scopeCount == 8)
    }
}
