import Foundation
import LLMCore

/// A file keeping a dataset's embeddings between benchmark runs, so that a run over the same texts and
/// embedder skips the embedding (minutes for a large file).
///
/// The file is one JSON header line (model, dimension, count, and a SHA-256 of the texts) and then the
/// vectors as little-endian 32-bit floats. A file whose header does not match is ignored and rewritten.
public struct VectorCacheFile: Sendable {
    /// The file's path.
    public var path: String

    /// A cache at `path`.
    public init(path: String) {
        self.path = path
    }

    private struct Header: Codable, Equatable {
        var model: String
        var dimension: Int
        var count: Int
        var digest: String
    }

    private static func digest(_ texts: [String]) -> String {
        var bytes: [UInt8] = []
        for text in texts {
            bytes += Array(text.utf8)
            bytes.append(0)
        }
        return CacheKey.hexDigest(bytes)
    }

    /// The vectors of `texts` from the file, when it holds them for this embedder.
    public func load(texts: [String], model: String, dimension: Int) -> [[Float]]? {
        guard let data = FileManager.default.contents(atPath: path),
            let newline = data.firstIndex(of: UInt8(ascii: "\n")),
            let header = try? JSONDecoder().decode(Header.self, from: data[..<newline]),
            header == Header(model: model, dimension: dimension, count: texts.count, digest: Self.digest(texts))
        else { return nil }
        let body = data[(newline + 1)...]
        guard dimension > 0, body.count == texts.count * dimension * 4 else { return nil }
        var floats = [Float](repeating: 0, count: texts.count * dimension)
        floats.withUnsafeMutableBytes { raw in _ = body.copyBytes(to: raw) }
        return stride(from: 0, to: floats.count, by: dimension).map { Array(floats[$0..<($0 + dimension)]) }
    }

    /// Writes `vectors` of `texts` to the file.
    ///
    /// - Throws: the write error.
    public func save(_ vectors: [[Float]], texts: [String], model: String, dimension: Int) throws {
        let header = Header(model: model, dimension: dimension, count: texts.count, digest: Self.digest(texts))
        var data = try JSONEncoder().encode(header)
        data.append(UInt8(ascii: "\n"))
        let floats = vectors.flatMap { $0 }
        floats.withUnsafeBytes { data.append(contentsOf: $0) }
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

extension EmbeddedTexts {
    /// The vectors of `texts`: from `cache` when it holds them for this embedder, else embedded (and then
    /// written to `cache`, when given).
    ///
    /// - Throws: the embedder's errors and the cache file's write error.
    public static func vectors(
        of texts: [String], with embedder: some Embedder, cache: VectorCacheFile?, batchSize: Int = 32,
        concurrency: Int = 1, progress: @Sendable (HitRateProgress) -> Void = { _ in }
    ) async throws -> [[Float]] {
        if let cache,
            let stored = cache.load(texts: texts, model: embedder.modelIdentifier, dimension: embedder.dimension)
        {
            return stored
        }
        let embedded = try await embed(
            texts, with: embedder, batchSize: batchSize, concurrency: concurrency, progress: progress)
        try cache?.save(embedded.vectors, texts: texts, model: embedder.modelIdentifier, dimension: embedder.dimension)
        return embedded.vectors
    }
}
