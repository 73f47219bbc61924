/// Every weight of a BERT encoder, read in place from a mapped safetensors file.
///
/// Loading checks each tensor's presence, dtype (`F32`) and shape against the configuration, so
/// that the forward pass can index the pointers without further checks.
///
/// Safety of `@unchecked Sendable`: all stored properties are `let`. The pointers point into the
/// read-only (`PROT_READ`, `MAP_PRIVATE`) mapping owned by `file`, which this object keeps alive,
/// so they stay valid for this object's life and the memory behind them never changes. Only reads
/// happen through them, and concurrent reads of immutable memory are free of data races.
final class BertWeights: @unchecked Sendable {
    let configuration: BertConfiguration
    /// Keeps the mapping, and so every pointer below, alive.
    let file: SafetensorsFile
    /// `[vocabularySize, hiddenSize]`.
    let wordEmbeddings: UnsafePointer<Float>
    /// `[maximumPositionCount, hiddenSize]`.
    let positionEmbeddings: UnsafePointer<Float>
    /// `[tokenTypeCount, hiddenSize]`; only row 0 is used.
    let tokenTypeEmbeddings: UnsafePointer<Float>
    let embeddingNorm: LayerNormWeights
    let layers: [BertLayerWeights]

    /// Reads and checks every tensor the encoder needs; extra tensors (such as the pooler) are ignored.
    ///
    /// - Throws: ``SafetensorsError`` for a missing tensor or a wrong dtype or shape.
    init(file: SafetensorsFile, configuration: BertConfiguration) throws {
        let hidden = configuration.hiddenSize
        func matrix(_ name: String, rows: Int) throws -> UnsafePointer<Float> {
            let tensor = try file.floatTensor(name, shape: [rows, hidden])
            guard let start = tensor.baseAddress else {
                throw SafetensorsError.invalidTensorData(path: file.path, tensor: name, reason: "it is empty")
            }
            return start
        }
        self.configuration = configuration
        self.file = file
        wordEmbeddings = try matrix("embeddings.word_embeddings.weight", rows: configuration.vocabularySize)
        positionEmbeddings = try matrix(
            "embeddings.position_embeddings.weight", rows: configuration.maximumPositionCount)
        tokenTypeEmbeddings = try matrix("embeddings.token_type_embeddings.weight", rows: configuration.tokenTypeCount)
        embeddingNorm = try LayerNormWeights(file, "embeddings.LayerNorm", width: hidden)
        layers = try (0..<configuration.layerCount).map {
            try BertLayerWeights(file, index: $0, configuration: configuration)
        }
    }
}
