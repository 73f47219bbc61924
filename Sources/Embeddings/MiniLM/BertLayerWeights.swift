/// The weights of one BERT encoder layer: self-attention, its output projection and LayerNorm, the
/// feed-forward pair and its LayerNorm.
struct BertLayerWeights {
    let query: DenseWeights
    let key: DenseWeights
    let value: DenseWeights
    let attentionOutput: DenseWeights
    let attentionNorm: LayerNormWeights
    let intermediate: DenseWeights
    let output: DenseWeights
    let outputNorm: LayerNormWeights

    /// Reads layer `index` (`encoder.layer.INDEX.…`), checking every shape against `configuration`.
    init(_ file: SafetensorsFile, index: Int, configuration: BertConfiguration) throws {
        let prefix = "encoder.layer.\(index)"
        let hidden = configuration.hiddenSize
        let inner = configuration.intermediateSize
        query = try DenseWeights(file, "\(prefix).attention.self.query", outputCount: hidden, inputCount: hidden)
        key = try DenseWeights(file, "\(prefix).attention.self.key", outputCount: hidden, inputCount: hidden)
        value = try DenseWeights(file, "\(prefix).attention.self.value", outputCount: hidden, inputCount: hidden)
        attentionOutput = try DenseWeights(
            file, "\(prefix).attention.output.dense", outputCount: hidden, inputCount: hidden)
        attentionNorm = try LayerNormWeights(file, "\(prefix).attention.output.LayerNorm", width: hidden)
        intermediate = try DenseWeights(file, "\(prefix).intermediate.dense", outputCount: inner, inputCount: hidden)
        output = try DenseWeights(file, "\(prefix).output.dense", outputCount: hidden, inputCount: inner)
        outputNorm = try LayerNormWeights(file, "\(prefix).output.LayerNorm", width: hidden)
    }
}
