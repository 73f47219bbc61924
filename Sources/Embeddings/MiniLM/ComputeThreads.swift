import Dispatch

/// Runs CPU-bound model work on dispatch threads instead of Swift's cooperative pool.
///
/// A forward pass holds its thread for milliseconds to seconds. On the cooperative pool (one thread per
/// core) that would stall every other task of the process, including the timers that bound an
/// embedding's time, so a slow batch could never be abandoned. Dispatch threads leave the pool free.
enum ComputeThreads {
    private static let queue = DispatchQueue(
        label: "llmcache.embeddings.compute", qos: .userInitiated, attributes: .concurrent)

    /// The result of `work`, computed on a compute thread.
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
