import CSimilarityKernels

/// An int8 copy of a ``VectorMatrix``, row for row, for a scan that reads a quarter of the bytes.
///
/// Each row is stored as `round(x / s)` with its own scale `s = max |xᵢ| / 127`, so every component keeps
/// its sign and the largest one uses the whole range. A scan gives approximate similarities; the caller
/// rescores the candidates it keeps against the float32 rows (``ScopeIndex``), and ``errorBound(for:)``
/// says how far an approximate similarity can be from the exact one, so no true neighbour is dropped.
/// Not thread-safe: owned by one ``ScopeIndex``, which is guarded by a lock.
final class QuantizedMatrix {
    let dimension: Int
    private(set) var rows = 0
    private(set) var capacity = 0
    private(set) var storage: UnsafeMutablePointer<Int8>
    private(set) var scales: UnsafeMutablePointer<Float>
    /// The largest row scale, and the largest `s × Σ|x̃ᵢ|`: what ``errorBound(for:)`` needs of the rows.
    private var largestScale: Float = 0
    private var largestNorm: Float = 0

    init(dimension: Int) {
        self.dimension = dimension
        storage = .allocate(capacity: 1)
        scales = .allocate(capacity: 1)
    }

    deinit {
        storage.deallocate()
        scales.deallocate()
    }

    /// Bytes allocated for rows and scales.
    var allocatedBytes: Int { capacity * (dimension + MemoryLayout<Float>.stride) }

    /// Appends the quantized copy of one row; `vector` must have `dimension` components.
    func append(_ vector: UnsafeBufferPointer<Float>) {
        guard vector.count == dimension else { return }
        if rows == capacity { grow(to: capacity + max(64, capacity / 16)) }
        let (scale, norm) = Self.quantize(vector, into: storage + rows * dimension)
        scales[rows] = scale
        largestScale = max(largestScale, scale)
        largestNorm = max(largestNorm, norm)
        rows += 1
    }

    /// Overwrites row `row` with zeros, as ``VectorMatrix/zero(row:)`` does.
    func zero(row: Int) {
        (storage + row * dimension).update(repeating: 0, count: dimension)
        scales[row] = 0
    }

    /// Keeps only the rows for which `keep` is true, in order, as ``VectorMatrix/compact(keeping:)`` does.
    func compact(keeping keep: (Int) -> Bool) {
        var target = 0
        largestScale = 0
        largestNorm = 0
        for row in 0..<rows where keep(row) {
            if target != row {
                (storage + target * dimension).update(from: storage + row * dimension, count: dimension)
                scales[target] = scales[row]
            }
            largestScale = max(largestScale, scales[target])
            largestNorm = max(largestNorm, scales[target] * Self.absoluteSum(storage + target * dimension, dimension))
            target += 1
        }
        rows = target
        grow(to: rows + max(64, rows / 16))
    }

    /// `scores[i]` ≈ row `start + i` · query for `count` rows.
    func scores(for query: QuantizedQuery, from start: Int, count: Int, into scores: UnsafeMutablePointer<Float>) {
        guard count > 0, start >= 0, start + count <= rows else { return }
        query.components.withUnsafeBufferPointer { components in
            guard let base = components.baseAddress else { return }
            llmcache_int8_scores(
                storage + start * dimension, scales + start, count, dimension, base, query.scale, scores)
        }
    }

    /// `scores[i]` ≈ row i of `codes` · query, for rows stored elsewhere (a partition's list).
    static func scores(
        for query: QuantizedQuery, codes: UnsafeBufferPointer<Int8>, scales: UnsafeBufferPointer<Float>,
        dimension: Int, into scores: UnsafeMutablePointer<Float>
    ) {
        guard let rows = codes.baseAddress, let rowScales = scales.baseAddress, !scales.isEmpty,
            codes.count == scales.count * dimension
        else { return }
        query.components.withUnsafeBufferPointer { components in
            guard let base = components.baseAddress else { return }
            llmcache_int8_scores(rows, rowScales, scales.count, dimension, base, query.scale, scores)
        }
    }

    /// The most an approximate similarity of `query` to any row can differ from the exact one.
    ///
    /// With `x = s(x̃ + δ)`, `q = t(q̃ + ε)` and `|δᵢ|, |εᵢ| ≤ ½`, the error `st Σ(x̃ᵢεᵢ + δᵢq̃ᵢ + δᵢεᵢ)` is at
    /// most `½ t · sΣ|x̃ᵢ| + ½ s · tΣ|q̃ᵢ| + ¼ d s t`; the rows' part is bounded by their largest values. A
    /// small allowance covers float rounding in the products.
    func errorBound(for query: QuantizedQuery) -> Float {
        let rowsPart = 0.5 * query.scale * largestNorm
        let queryPart = largestScale * (0.5 * query.norm + 0.25 * Float(dimension) * query.scale)
        return rowsPart + queryPart + 1e-5
    }

    /// Writes the int8 components of `vector` to `target`; returns the scale and `scale × Σ|x̃ᵢ|`.
    static func quantize(_ vector: UnsafeBufferPointer<Float>, into target: UnsafeMutablePointer<Int8>) -> (
        scale: Float, norm: Float
    ) {
        var largest: Float = 0
        for value in vector { largest = max(largest, abs(value)) }
        guard largest > 0, largest.isFinite else {
            target.update(repeating: 0, count: vector.count)
            return (0, 0)
        }
        let scale = largest / 127
        var sum: Int = 0
        for (index, value) in vector.enumerated() {
            let level = Int8(max(-127, min(127, (value / scale).rounded())))
            target[index] = level
            sum += abs(Int(level))
        }
        return (scale, scale * Float(sum))
    }

    private static func absoluteSum(_ row: UnsafePointer<Int8>, _ count: Int) -> Float {
        var sum = 0
        for index in 0..<count { sum += abs(Int(row[index])) }
        return Float(sum)
    }

    private func grow(to newCapacity: Int) {
        let rowsReplacement = UnsafeMutablePointer<Int8>.allocate(capacity: max(newCapacity * dimension, 1))
        rowsReplacement.update(from: storage, count: rows * dimension)
        storage.deallocate()
        storage = rowsReplacement
        let scalesReplacement = UnsafeMutablePointer<Float>.allocate(capacity: max(newCapacity, 1))
        scalesReplacement.update(from: scales, count: rows)
        scales.deallocate()
        scales = scalesReplacement
        capacity = newCapacity
    }
}

/// A unit query vector in int8 form, with its scale and `scale × Σ|q̃ᵢ|` (see ``QuantizedMatrix``).
struct QuantizedQuery {
    var components: [Int8]
    var scale: Float
    var norm: Float

    init(_ vector: UnsafeBufferPointer<Float>) {
        var components = [Int8](repeating: 0, count: vector.count)
        let (scale, norm) = components.withUnsafeMutableBufferPointer { target in
            guard let base = target.baseAddress else { return (Float(0), Float(0)) }
            return QuantizedMatrix.quantize(vector, into: base)
        }
        self.components = components
        self.scale = scale
        self.norm = norm
    }
}
