import Foundation
import LLMCore
import Logging

/// Sentence embeddings from sentence-transformers/all-MiniLM-L6-v2, computed in process on OpenBLAS.
///
/// The pipeline is the model's own: BERT uncased WordPiece tokenisation truncated to 256 ids
/// (counting `[CLS]` and `[SEP]`), a 6-layer BERT encoder (hidden 384, 12 heads, GELU), mean pooling
/// over the real tokens and L2 normalisation; vectors have 384 components. Weights are mapped from
/// `model.safetensors`, not copied.
///
/// Texts given together are sorted by token count and embedded in padded batches of up to
/// ``Options/maximumBatchSize``, so that short texts are not padded to the length of long ones;
/// the batches of one call run concurrently (``Options/concurrentBatches``), each on one OpenBLAS
/// thread. Each batch works in its own buffers: the embedder is safe to use from many tasks at once.
///
/// ```swift
/// let embedder = try MiniLMEmbedder()           // LLMCACHE_MODEL_DIR or the user cache
/// let vectors = try await embedder.embed(["How do I learn Python?", "Best way to learn Python"])
/// let cosine = VectorMath.cosineSimilarity(vectors[0], vectors[1])
/// ```
public struct MiniLMEmbedder: Embedder {
    /// Settings that change how vectors are computed, not what they are (beyond the last bits of
    /// float rounding).
    public struct Options: Sendable {
        /// The most texts run through the encoder in one padded batch. Defaults to 32.
        public var maximumBatchSize: Int
        /// How many batches of one call may run at once, each in its own task. A call with several
        /// texts is split into about this many batches of similar cost, so that a single large call
        /// uses every core while OpenBLAS itself stays single-threaded. Defaults to the number of
        /// active processors, at most 8.
        public var concurrentBatches: Int
        /// The OpenBLAS thread count to set when the model loads (process-wide), or `nil` to leave
        /// the current setting alone. Defaults to ``BLASThreading/recommendedThreadCount``.
        public var blasThreadCount: Int?

        /// Options with the given values; each parameter sets the property of the same name.
        ///
        /// - Parameters:
        ///   - maximumBatchSize: the most texts in one padded batch. Default: 32.
        ///   - concurrentBatches: how many batches of one call may run at once. Default: the number of active
        ///     processors, at most 8.
        ///   - blasThreadCount: the OpenBLAS thread count to set when the model loads, or `nil` to leave it.
        ///     Default: ``BLASThreading/recommendedThreadCount``.
        public init(
            maximumBatchSize: Int = 32,
            concurrentBatches: Int = min(8, ProcessInfo.processInfo.activeProcessorCount),
            blasThreadCount: Int? = BLASThreading.recommendedThreadCount
        ) {
            self.maximumBatchSize = maximumBatchSize
            self.concurrentBatches = concurrentBatches
            self.blasThreadCount = blasThreadCount
        }
    }

    /// The model's published name, also its ``modelIdentifier``.
    public static let modelName = "sentence-transformers/all-MiniLM-L6-v2"
    /// Sequences are cut to this many token ids, counting `[CLS]` and `[SEP]`.
    public static let maximumSequenceLength = 256

    public let modelIdentifier = MiniLMEmbedder.modelName
    public var dimension: Int { encoder.configuration.hiddenSize }
    /// The tokenizer, for inspecting how a text is split.
    public let tokenizer: WordPieceTokenizer
    /// The model's configuration, from `config.json`.
    public var configuration: BertConfiguration { encoder.configuration }
    /// The directory the model was loaded from.
    public let directory: ModelDirectory

    /// The forward pass; internal so that tests can run one padded batch directly.
    let encoder: BertEncoder
    private let options: Options
    private let sequenceLimit: Int

    /// Loads the model from a directory holding `model.safetensors`, `vocab.txt` and `config.json`.
    ///
    /// - Parameters:
    ///   - modelDirectory: The directory; `nil` resolves it as ``ModelDirectory/resolve(explicitPath:environment:)``
    ///     does (`LLMCACHE_MODEL_DIR`, then the user cache).
    ///   - options: Batch size and OpenBLAS threading.
    ///   - logger: Receives a line when the model is loaded.
    /// - Throws: ``ModelLoadingError/missingFile(path:fetchCommand:)`` naming the absent file and the
    ///   command that fetches it; other ``ModelLoadingError`` and ``SafetensorsError`` values for
    ///   unreadable or inconsistent files.
    public init(
        modelDirectory: String? = nil, options: Options = Options(),
        logger: Logger = Logger(label: "llmcache.embeddings")
    ) throws {
        try self.init(directory: ModelDirectory.resolve(explicitPath: modelDirectory), options: options, logger: logger)
    }

    /// Loads the model from a resolved directory.
    public init(
        directory: ModelDirectory, options: Options = Options(),
        logger: Logger = Logger(label: "llmcache.embeddings")
    ) throws {
        try directory.requireFiles()
        let configurationPath = directory.filePath(ModelDirectory.configurationFile)
        let configuration = try BertConfiguration(contentsOf: configurationPath)
        let vocabularyPath = directory.filePath(ModelDirectory.vocabularyFile)
        let tokenizer = try WordPieceTokenizer(vocabularyPath: vocabularyPath)
        guard tokenizer.vocabularySize <= configuration.vocabularySize else {
            throw ModelLoadingError.invalidVocabulary(
                path: vocabularyPath,
                reason:
                    "it has \(tokenizer.vocabularySize) tokens but the model embeds only \(configuration.vocabularySize)"
            )
        }
        let file = try SafetensorsFile(path: directory.filePath(ModelDirectory.weightsFile))
        let weights = try BertWeights(file: file, configuration: configuration)

        if let threads = options.blasThreadCount {
            BLASThreading.setThreadCount(threads)
        }
        self.directory = directory
        self.tokenizer = tokenizer
        self.encoder = BertEncoder(weights: weights)
        self.options = options
        self.sequenceLimit = min(Self.maximumSequenceLength, configuration.maximumPositionCount)
        logger.debug(
            "loaded embedding model",
            metadata: [
                "model": "\(Self.modelName)", "directory": "\(directory.path)",
                "mappedBytes": "\(file.byteCount)", "blasThreads": "\(BLASThreading.threadCount)",
            ])
    }

    /// The token ids the model sees for a text: `[CLS]`, word pieces, `[SEP]`, at most 256.
    public func tokenIDs(for text: String) -> [Int32] {
        tokenizer.encode(text, maximumLength: sequenceLimit)
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        let sequences = texts.map(tokenIDs(for:))
        let batches = Self.plan(
            sequences, maximumBatchSize: options.maximumBatchSize, concurrency: options.concurrentBatches)
        var vectors = [[Float]](repeating: [], count: texts.count)
        let encoder = encoder
        if batches.count <= 1 || options.concurrentBatches <= 1 {
            for batch in batches {
                try Task.checkCancellation()
                let batchSequences = batch.map { sequences[$0] }
                let embeddings = try await ComputeThreads.run { encoder.sentenceEmbeddings(for: batchSequences) }
                for (index, vector) in zip(batch, embeddings) {
                    vectors[index] = vector
                }
            }
            return vectors
        }

        try await withThrowingTaskGroup(of: ([Int], [[Float]]).self) { group in
            var pending = batches[...]
            func startNext() {
                guard let batch = pending.popFirst() else { return }
                let batchSequences = batch.map { sequences[$0] }
                group.addTask {
                    try Task.checkCancellation()
                    return (batch, try await ComputeThreads.run { encoder.sentenceEmbeddings(for: batchSequences) })
                }
            }
            for _ in 0..<options.concurrentBatches {
                startNext()
            }
            while let (batch, embeddings) = try await group.next() {
                for (index, vector) in zip(batch, embeddings) {
                    vectors[index] = vector
                }
                startNext()
            }
        }
        return vectors
    }

    /// Splits texts into batches of similar token counts. The texts are sorted shortest first and
    /// cut into consecutive batches of at most `maximumBatchSize` texts whose padded size (texts ×
    /// longest) stays within an even share of all the tokens, so that a long text is not padded
    /// against many short ones and one call yields about `concurrency` batches of similar cost.
    /// Returns indices into `sequences`.
    static func plan(_ sequences: [[Int32]], maximumBatchSize: Int, concurrency: Int) -> [[Int]] {
        let order = sequences.indices.sorted { (sequences[$0].count, $0) < (sequences[$1].count, $1) }
        let totalTokens = sequences.reduce(0) { $0 + $1.count }
        let parts = max(1, min(concurrency, order.count))
        let share = max(1, (totalTokens + parts - 1) / parts)
        let batchLimit = max(1, maximumBatchSize)
        var batches: [[Int]] = []
        var current: [Int] = []
        for index in order {
            // Sorted ascending, so this text would set the batch's padded length.
            let paddedSize = (current.count + 1) * sequences[index].count
            if !current.isEmpty, current.count == batchLimit || paddedSize > share {
                batches.append(current)
                current = []
            }
            current.append(index)
        }
        if !current.isEmpty {
            batches.append(current)
        }
        return batches
    }
}
