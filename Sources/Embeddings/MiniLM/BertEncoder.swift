import CBLAS

/// The BERT encoder forward pass with mean pooling, on OpenBLAS.
///
/// A batch of token-id sequences is padded to its longest sequence, giving a `[batch × length,
/// hidden]` matrix that every dense layer multiplies in one `cblas_sgemm`. The attention mask is
/// applied per sequence: a sequence's queries attend only to its own real tokens (the same result
/// as an additive −∞ mask on the padded keys), and the padded rows, which no real row ever reads,
/// are kept at finite values. The sentence vector is the mean of the last hidden states over the
/// real tokens (a `cblas_sgemv` against a vector of ones), scaled to unit length.
struct BertEncoder: Sendable {
    let weights: BertWeights

    var configuration: BertConfiguration { weights.configuration }

    /// Unit-length sentence embeddings, one per sequence.
    ///
    /// - Precondition: every sequence is non-empty, no longer than the configuration's maximum
    ///   position count, and holds only ids below its vocabulary size.
    func sentenceEmbeddings(for sequences: [[Int32]]) -> [[Float]] {
        guard let length = sequences.map(\.count).max(), length > 0 else { return [] }
        let configuration = configuration
        precondition(length <= configuration.maximumPositionCount, "sequence longer than the position table")
        let hiddenSize = configuration.hiddenSize
        let rows = sequences.count * length
        let workspace = EncoderWorkspace(
            rows: rows, hiddenSize: hiddenSize, intermediateSize: configuration.intermediateSize,
            sequenceLength: length)

        embedTokens(sequences, length: length, into: workspace.hidden)
        let lengths = sequences.map(\.count)
        for layer in weights.layers {
            runLayer(layer, lengths: lengths, paddedLength: length, workspace: workspace)
        }
        return meanPool(workspace.hidden, lengths: lengths, paddedLength: length)
    }

    /// Word + position + token-type (0) embeddings, then LayerNorm; padded rows stay zero.
    private func embedTokens(_ sequences: [[Int32]], length: Int, into hidden: UnsafeMutablePointer<Float>) {
        let configuration = configuration
        let width = configuration.hiddenSize
        let vocabularySize = configuration.vocabularySize
        let tokenType = weights.tokenTypeEmbeddings
        for (sequenceIndex, ids) in sequences.enumerated() {
            for (position, id) in ids.enumerated() {
                precondition(id >= 0 && Int(id) < vocabularySize, "token id outside the vocabulary")
                let target = hidden + (sequenceIndex * length + position) * width
                let word = weights.wordEmbeddings + Int(id) * width
                let place = weights.positionEmbeddings + position * width
                for column in 0..<width {
                    target[column] = word[column] + place[column] + tokenType[column]
                }
            }
        }
        TransformerKernels.layerNorm(
            hidden, rows: sequences.count * length, width: width, weights: weights.embeddingNorm,
            epsilon: configuration.layerNormEpsilon)
    }

    private func runLayer(
        _ layer: BertLayerWeights, lengths: [Int], paddedLength: Int, workspace: EncoderWorkspace
    ) {
        let configuration = configuration
        let width = configuration.hiddenSize
        let rows = lengths.count * paddedLength
        let epsilon = configuration.layerNormEpsilon

        TransformerKernels.dense(layer.query, input: workspace.hidden, rows: rows, output: workspace.query)
        TransformerKernels.dense(layer.key, input: workspace.hidden, rows: rows, output: workspace.key)
        TransformerKernels.dense(layer.value, input: workspace.hidden, rows: rows, output: workspace.value)
        selfAttention(lengths: lengths, paddedLength: paddedLength, workspace: workspace)

        // Attention output + residual, normalised; kept in the query buffer, which is free now.
        let attended = workspace.query
        TransformerKernels.dense(
            layer.attentionOutput, input: workspace.context, rows: rows, residual: workspace.hidden,
            output: attended)
        TransformerKernels.layerNorm(attended, rows: rows, width: width, weights: layer.attentionNorm, epsilon: epsilon)

        TransformerKernels.dense(layer.intermediate, input: attended, rows: rows, output: workspace.intermediate)
        TransformerKernels.gelu(workspace.intermediate, count: rows * configuration.intermediateSize)

        TransformerKernels.dense(
            layer.output, input: workspace.intermediate, rows: rows, residual: attended, output: workspace.hidden)
        TransformerKernels.layerNorm(
            workspace.hidden, rows: rows, width: width, weights: layer.outputNorm, epsilon: epsilon)
    }

    /// Scaled dot-product attention of every head of every sequence, into `workspace.context`.
    private func selfAttention(lengths: [Int], paddedLength: Int, workspace: EncoderWorkspace) {
        let configuration = configuration
        let width = configuration.hiddenSize
        let headSize = configuration.headSize
        let scale = 1 / Float(headSize).squareRoot()
        let scores = workspace.scores
        for (sequenceIndex, length) in lengths.enumerated() {
            let firstRow = sequenceIndex * paddedLength * width
            for head in 0..<configuration.attentionHeadCount {
                let offset = firstRow + head * headSize
                // scores[length, length] = scale · Q_h · K_hᵀ over the real tokens only.
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans,
                    Int32(length), Int32(length), Int32(headSize),
                    scale, workspace.query + offset, Int32(width),
                    workspace.key + offset, Int32(width),
                    0, scores, Int32(length))
                TransformerKernels.softmax(scores, rows: length, columns: length)
                // context_h[length, headSize] = scores · V_h
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans,
                    Int32(length), Int32(headSize), Int32(length),
                    1, scores, Int32(length),
                    workspace.value + offset, Int32(width),
                    0, workspace.context + offset, Int32(width))
            }
            // Padded rows attend to nothing; give them a defined value.
            let padded = (paddedLength - length) * width
            if padded > 0 {
                (workspace.context + firstRow + length * width).update(repeating: 0, count: padded)
            }
        }
    }

    /// Mean of each sequence's real rows, scaled to unit length.
    private func meanPool(_ hidden: UnsafePointer<Float>, lengths: [Int], paddedLength: Int) -> [[Float]] {
        let width = configuration.hiddenSize
        let ones = [Float](repeating: 1, count: paddedLength)
        return lengths.enumerated().map { sequenceIndex, length in
            var vector = [Float](repeating: 0, count: width)
            vector.withUnsafeMutableBufferPointer { output in
                ones.withUnsafeBufferPointer { ones in
                    // vector = (1/length) · X_bᵀ · 1 over the sequence's real rows.
                    cblas_sgemv(
                        CblasRowMajor, CblasTrans, Int32(length), Int32(width),
                        1 / Float(length), hidden + sequenceIndex * paddedLength * width, Int32(width),
                        ones.baseAddress, 1, 0, output.baseAddress, 1)
                }
            }
            VectorMath.normalize(&vector)
            return vector
        }
    }
}
