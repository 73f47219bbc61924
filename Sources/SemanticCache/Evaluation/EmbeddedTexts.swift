import Embeddings

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

    /// Embeds `texts` in order, `batchSize` per call, timing each call.
    ///
    /// - Throws: The embedder's errors; ``EmbeddingError/unexpectedOutputCount(expected:actual:)`` when it returns the wrong number of vectors.
    public static func embed(
        _ texts: [String], with embedder: some Embedder, batchSize: Int = 32,
        progress: @Sendable (HitRateProgress) -> Void = { _ in }
    ) async throws -> EmbeddedTexts {
        let size = max(1, batchSize)
        let clock = ContinuousClock()
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        var times: [Duration] = []
        var start = 0
        progress(HitRateProgress(phase: "embedding", completed: 0, total: texts.count))
        while start < texts.count {
            let batch = Array(texts[start..<min(start + size, texts.count)])
            let began = clock.now
            let embedded = try await embedder.embed(batch)
            times.append(clock.now - began)
            guard embedded.count == batch.count else {
                throw EmbeddingError.unexpectedOutputCount(expected: batch.count, actual: embedded.count)
            }
            vectors.append(contentsOf: embedded)
            start += batch.count
            progress(HitRateProgress(phase: "embedding", completed: start, total: texts.count))
        }
        return EmbeddedTexts(
            vectors: vectors, batchTimes: times, batchSize: size, model: embedder.modelIdentifier,
            dimension: embedder.dimension)
    }
}
