import LLMCore

/// One vector per distinct text of a dataset, and how long embedding them took.
public struct EmbeddedTexts: Sendable {
    /// The vector of each text, by text number.
    public var vectors: [[Float]]
    /// The time of each embedding call (one batch of texts).
    public var batchTimes: [Duration]
    /// Texts per call (the last may hold fewer).
    public var batchSize: Int
    /// The embedder's model identifier.
    public var model: String
    /// Components per vector.
    public var dimension: Int

    /// Embeds `texts`, `batchSize` per call, timing each call.
    ///
    /// Texts are grouped into calls by length (shortest first), so that a padded batch carries little
    /// padding; the vectors come back in the order of `texts`. With `concurrency` above 1, that many calls
    /// run at once (the embedder must be safe to call from many tasks, as `Embedder` requires).
    ///
    /// - Throws: The embedder's errors; `EmbeddingError.unexpectedOutputCount` when it returns the wrong
    ///   number of vectors.
    public static func embed(
        _ texts: [String], with embedder: some Embedder, batchSize: Int = 32, concurrency: Int = 1,
        progress: @Sendable (HitRateProgress) -> Void = { _ in }
    ) async throws -> EmbeddedTexts {
        let size = max(1, batchSize)
        let lengths = texts.map(\.utf8.count)
        let order = texts.indices.sorted { (lengths[$0], $0) < (lengths[$1], $1) }
        let batches = stride(from: 0, to: order.count, by: size).map { Array(order[$0..<min($0 + size, order.count)]) }
        var vectors = [[Float]](repeating: [], count: texts.count)
        var times = [Duration](repeating: .zero, count: batches.count)
        var done = 0
        progress(HitRateProgress(phase: "embedding", completed: 0, total: texts.count))
        try await withThrowingTaskGroup(of: (Int, [[Float]], Duration).self) { group in
            var next = 0
            func start(_ batch: Int) {
                let members = batches[batch].map { texts[$0] }
                group.addTask {
                    let clock = ContinuousClock()
                    let began = clock.now
                    let embedded = try await embedder.embed(members)
                    return (batch, embedded, clock.now - began)
                }
            }
            while next < min(max(1, concurrency), batches.count) {
                start(next)
                next += 1
            }
            while let (batch, embedded, elapsed) = try await group.next() {
                let members = batches[batch]
                guard embedded.count == members.count else {
                    throw EmbeddingError.unexpectedOutputCount(expected: members.count, actual: embedded.count)
                }
                for (text, vector) in zip(members, embedded) { vectors[text] = vector }
                times[batch] = elapsed
                done += members.count
                progress(HitRateProgress(phase: "embedding", completed: done, total: texts.count))
                if next < batches.count {
                    start(next)
                    next += 1
                }
            }
        }
        return EmbeddedTexts(
            vectors: vectors, batchTimes: times, batchSize: size, model: embedder.modelIdentifier,
            dimension: embedder.dimension)
    }
}
