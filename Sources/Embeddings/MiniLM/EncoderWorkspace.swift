/// Scratch buffers for one forward pass over a padded batch, released with the workspace.
///
/// Each call of the encoder makes its own workspace, so concurrent calls share nothing mutable.
final class EncoderWorkspace {
    /// Hidden states `[rows, hidden]`, the encoder's input and output.
    let hidden: UnsafeMutablePointer<Float>
    /// Queries `[rows, hidden]`; after attention, reused for the attention block's output.
    let query: UnsafeMutablePointer<Float>
    /// Keys `[rows, hidden]`.
    let key: UnsafeMutablePointer<Float>
    /// Values `[rows, hidden]`.
    let value: UnsafeMutablePointer<Float>
    /// Attention context `[rows, hidden]`, all heads side by side.
    let context: UnsafeMutablePointer<Float>
    /// Feed-forward activations `[rows, intermediate]`.
    let intermediate: UnsafeMutablePointer<Float>
    /// Attention probabilities of one head of one sequence, `[length, length]`.
    let scores: UnsafeMutablePointer<Float>

    private let all: [UnsafeMutablePointer<Float>]

    init(rows: Int, hiddenSize: Int, intermediateSize: Int, sequenceLength: Int) {
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            pointer.initialize(repeating: 0, count: max(count, 1))
            return pointer
        }
        hidden = buffer(rows * hiddenSize)
        query = buffer(rows * hiddenSize)
        key = buffer(rows * hiddenSize)
        value = buffer(rows * hiddenSize)
        context = buffer(rows * hiddenSize)
        intermediate = buffer(rows * intermediateSize)
        scores = buffer(sequenceLength * sequenceLength)
        all = [hidden, query, key, value, context, intermediate, scores]
    }

    deinit {
        for pointer in all {
            pointer.deallocate()
        }
    }
}
