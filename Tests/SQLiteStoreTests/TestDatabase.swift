import CacheStorage
import Foundation
import LLMCacheTesting
import LLMCore
import SQLiteStore

/// A temporary folder for one test's database, removed when the test ends.
final class TestDatabase {
    let directory: URL
    let clock = ManualClock()

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var path: String { directory.appendingPathComponent("cache.sqlite").path }

    func open(_ configure: (inout SQLiteStoreOptions) -> Void = { _ in }) throws -> SQLiteStore {
        var options = SQLiteStoreOptions()
        configure(&options)
        return try SQLiteStore(path: path, options: options, clock: clock)
    }
}

/// A small entry with a recognisable payload.
func entry(
    _ key: Int, namespace: String = "ns", model: String = "model-a", ttlSeconds: Double? = 3600, sliding: Bool = false,
    bytes: Int = 100, tags: [String] = []
) -> NewCacheEntry {
    NewCacheEntry(
        namespace: namespace, key: String(format: "%064x", key), provider: "anthropic", model: model,
        ttl: ttlSeconds.map { Duration.seconds($0) }, sliding: sliding, inputTokens: 10, outputTokens: 5,
        cost: MicroDollars(1234), tags: tags, response: Data(repeating: UInt8(key % 251), count: bytes))
}

func key(_ number: Int) -> String { String(format: "%064x", number) }

extension StoreLookupResult {
    var entry: CacheEntry? {
        if case .hit(let entry) = self { return entry }
        return nil
    }
}
