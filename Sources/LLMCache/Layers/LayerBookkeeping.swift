import CacheStorage
import LLMCore
import Logging

/// How every layer counts and fails open: its counters in the store, and what a failed cache operation does
/// (logged and counted; the call goes on uncached, or with ``StoreFailurePolicy/fail`` a failed lookup
/// refuses the call).
struct LayerBookkeeping: Sendable {
    /// The store the counters are kept in.
    let store: any CacheStorage
    /// What a lookup does when the store cannot be read.
    let whenStoreUnavailable: StoreFailurePolicy
    let logger: Logger

    /// Adds `deltas` to `layer`'s counters; a counter that cannot be written is dropped.
    func count(_ layer: CacheLayer, _ deltas: [String: Int64]) async {
        do {
            try await store.increment(layer: layer.rawValue, deltas)
        } catch {
            logger.debug("could not count", metadata: ["error": "\(error)"])
        }
    }

    /// Runs a cache operation; a failure is logged, counted and swallowed so the call goes on uncached.
    func failOpen<T: Sendable>(_ layer: CacheLayer, _ what: String, _ body: () async throws -> T) async -> T? {
        do {
            return try await body()
        } catch {
            await failed(layer, what, error)
            return nil
        }
    }

    /// Runs a lookup before the upstream call. A failure goes on uncached like ``failOpen(_:_:_:)``, except
    /// that with ``StoreFailurePolicy/fail`` a failure of the store itself is counted and thrown as
    /// ``CacheUnavailableError``, so nothing is sent to the provider.
    func lookUpStep<T: Sendable>(_ layer: CacheLayer, _ what: String, _ body: () async throws -> T) async throws
        -> T?
    {
        do {
            return try await body()
        } catch let error as any CacheStorageFailure where whenStoreUnavailable == .fail {
            logger.log(
                level: failureLevel(error), "cache store unavailable, refusing the call",
                metadata: ["layer": "\(layer)", "operation": "\(what)", "error": "\(error)"])
            await count(layer, [CounterName.failures: 1])
            throw CacheUnavailableError(location: store.location, layer: layer, reason: error.description)
        } catch {
            await failed(layer, what, error)
            return nil
        }
    }

    /// Logs and counts a failed cache operation; during an outage at debug level only (see
    /// ``failureLevel(_:)``), so that it does not flood the log.
    private func failed(_ layer: CacheLayer, _ what: String, _ error: any Error) async {
        logger.log(
            level: failureLevel(error), "cache layer unavailable, continuing uncached",
            metadata: ["layer": "\(layer)", "operation": "\(what)", "error": "\(error)"])
        await count(layer, [CounterName.failures: 1])
    }

    /// Debug while the store reports its database down (it warned once when it went), warning otherwise.
    private func failureLevel(_ error: any Error) -> Logger.Level {
        error is any CacheStorageFailure && !store.availability.isAvailable ? .debug : .warning
    }
}
