import Foundation

/// The shape of a BERT encoder, read from the model's `config.json`.
///
/// Only what the forward pass needs is kept; ``validate(path:)`` refuses configurations this code
/// cannot run faithfully (another activation, relative positions, inconsistent sizes).
public struct BertConfiguration: Codable, Equatable, Sendable {
    /// Width of the hidden states (384 for all-MiniLM-L6-v2).
    public var hiddenSize: Int
    /// Number of encoder layers (6).
    public var layerCount: Int
    /// Attention heads per layer (12).
    public var attentionHeadCount: Int
    /// Width of the feed-forward layer (1536).
    public var intermediateSize: Int
    /// Number of tokens in the vocabulary (30522).
    public var vocabularySize: Int
    /// Number of learned positions (512).
    public var maximumPositionCount: Int
    /// Number of token types (2); only type 0 is used.
    public var tokenTypeCount: Int
    /// Epsilon of every LayerNorm (1e-12).
    public var layerNormEpsilon: Float
    /// The feed-forward activation; only `gelu` (the erf form) is supported.
    public var hiddenActivation: String
    /// The position embedding type; only `absolute` is supported.
    public var positionEmbeddingType: String?

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size"
        case layerCount = "num_hidden_layers"
        case attentionHeadCount = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case vocabularySize = "vocab_size"
        case maximumPositionCount = "max_position_embeddings"
        case tokenTypeCount = "type_vocab_size"
        case layerNormEpsilon = "layer_norm_eps"
        case hiddenActivation = "hidden_act"
        case positionEmbeddingType = "position_embedding_type"
    }

    /// A configuration from explicit values.
    public init(
        hiddenSize: Int, layerCount: Int, attentionHeadCount: Int, intermediateSize: Int, vocabularySize: Int,
        maximumPositionCount: Int, tokenTypeCount: Int = 2, layerNormEpsilon: Float = 1e-12,
        hiddenActivation: String = "gelu", positionEmbeddingType: String? = "absolute"
    ) {
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.attentionHeadCount = attentionHeadCount
        self.intermediateSize = intermediateSize
        self.vocabularySize = vocabularySize
        self.maximumPositionCount = maximumPositionCount
        self.tokenTypeCount = tokenTypeCount
        self.layerNormEpsilon = layerNormEpsilon
        self.hiddenActivation = hiddenActivation
        self.positionEmbeddingType = positionEmbeddingType
    }

    /// Reads and validates `config.json`.
    ///
    /// - Throws: ``ModelLoadingError`` when the file cannot be read or describes an unsupported model.
    public init(contentsOf path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ModelLoadingError.unreadableFile(path: path, reason: "\(error)")
        }
        do {
            self = try JSONDecoder().decode(BertConfiguration.self, from: data)
        } catch {
            throw ModelLoadingError.invalidConfiguration(path: path, reason: "\(error)")
        }
        try validate(path: path)
    }

    /// The width of one attention head.
    public var headSize: Int { hiddenSize / attentionHeadCount }

    /// Checks that the configuration is one this code runs faithfully.
    ///
    /// - Throws: ``ModelLoadingError/invalidConfiguration(path:reason:)``.
    public func validate(path: String) throws {
        func fail(_ reason: String) -> ModelLoadingError {
            .invalidConfiguration(path: path, reason: reason)
        }
        let sizes = [
            ("hidden_size", hiddenSize), ("num_hidden_layers", layerCount),
            ("num_attention_heads", attentionHeadCount), ("intermediate_size", intermediateSize),
            ("vocab_size", vocabularySize), ("max_position_embeddings", maximumPositionCount),
            ("type_vocab_size", tokenTypeCount),
        ]
        for (name, value) in sizes where value <= 0 || value > 1 << 24 {
            throw fail("\(name) is \(value)")
        }
        guard hiddenSize % attentionHeadCount == 0 else {
            throw fail("hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(attentionHeadCount)")
        }
        guard hiddenActivation == "gelu" else {
            throw fail("hidden_act \(hiddenActivation) is not supported (only gelu)")
        }
        guard positionEmbeddingType == nil || positionEmbeddingType == "absolute" else {
            throw fail("position_embedding_type \(positionEmbeddingType ?? "") is not supported (only absolute)")
        }
        guard layerNormEpsilon.isFinite, layerNormEpsilon >= 0 else {
            throw fail("layer_norm_eps \(layerNormEpsilon) is not a non-negative number")
        }
    }
}
