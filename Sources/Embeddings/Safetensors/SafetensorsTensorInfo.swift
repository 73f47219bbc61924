/// One tensor's entry in a safetensors header.
public struct SafetensorsTensorInfo: Equatable, Sendable {
    /// The tensor's name, such as `encoder.layer.0.attention.self.query.weight`.
    public var name: String
    /// The element type.
    public var dtype: SafetensorsDType
    /// The dimensions, outermost first (row-major).
    public var shape: [Int]
    /// Start (inclusive) and end (exclusive) of the tensor's bytes, relative to the end of the header.
    public var dataOffsets: Range<Int>

    /// The number of elements: the product of ``shape`` (1 for a scalar).
    public var elementCount: Int {
        shape.reduce(1, *)
    }
}
