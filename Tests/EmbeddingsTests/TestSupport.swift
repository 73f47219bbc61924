import Foundation
import Testing

@testable import Embeddings

/// Locations, the reference oracle and the shared model for the tests.
enum TestSupport {
    /// The package root, three levels above this file (`Tests/EmbeddingsTests/TestSupport.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/reference/minilm_reference.json`, relative to the package root.
    static let referencePath = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/reference/minilm_reference.json").path

    /// The reference oracle, or `nil` when the file is absent.
    static let reference: MiniLMReference? = {
        guard let data = FileManager.default.contents(atPath: referencePath) else { return nil }
        do {
            return try JSONDecoder().decode(MiniLMReference.self, from: data)
        } catch {
            Issue.record("cannot decode \(referencePath): \(error)")
            return nil
        }
    }()

    /// Whether the tests run in continuous integration, where the set-up script has fetched the model.
    static let isCI = ProcessInfo.processInfo.environment["CI"] != nil

    /// The model directory the embedder resolves by default.
    static let modelDirectory = ModelDirectory.resolve()

    /// Model tests run when the files are present, and in CI, where their absence must fail.
    static let runModelTests = modelDirectory.isComplete || isCI

    /// Reference tests need the model (or CI) and the oracle file.
    static let runReferenceTests = runModelTests && reference != nil

    /// The model, loaded once for all tests.
    static let embedder: Result<MiniLMEmbedder, any Error> = Result { try MiniLMEmbedder() }

    /// The loaded model, or a recorded failure.
    static func loadedEmbedder() throws -> MiniLMEmbedder {
        try embedder.get()
    }

    /// The reference oracle, or a recorded failure.
    static func loadedReference() throws -> MiniLMReference {
        try #require(reference, "reference file \(referencePath) could not be read")
    }

    /// A fresh temporary directory, removed by `body`'s end.
    static func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async rethrows -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("embeddings-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(directory)
    }

    /// The largest absolute difference between two vectors of the same length.
    static func maximumDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    /// The Euclidean length of a vector.
    static func norm(_ vector: [Float]) -> Float {
        vector.map { $0 * $0 }.reduce(0, +).squareRoot()
    }
}

/// The layout of `minilm_reference.json`.
struct MiniLMReference: Decodable, Sendable {
    struct Item: Decodable, Sendable {
        var kind: String
        var text: String
        var inputIDs: [Int32]
        var tokens: [String]
        var embedding: [Float]

        enum CodingKeys: String, CodingKey {
            case kind, text, tokens, embedding
            case inputIDs = "input_ids"
        }
    }

    struct Similarities: Decodable, Sendable {
        var texts: [String]
        var published: [String: Double]
        var computed: [String: Double]

        enum CodingKeys: String, CodingKey {
            case texts, computed
            case published = "published_4dp"
        }
    }

    var dimension: Int
    var maximumSequenceLength: Int
    var quickstartSimilarities: Similarities
    var items: [Item]

    enum CodingKeys: String, CodingKey {
        case items
        case dimension = "dim"
        case maximumSequenceLength = "max_seq_length"
        case quickstartSimilarities = "quickstart_similarities"
    }
}
