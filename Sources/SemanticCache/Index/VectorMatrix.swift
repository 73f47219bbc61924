import CBLAS

/// A growable, contiguous, row-major matrix of `Float` rows, with capacity kept close to the row count.
///
/// Growth adds a sixteenth of the current capacity (at least 64 rows), so the allocation stays within
/// 1.0625 × the rows in use plus a small constant, instead of an array's doubling.
/// Not thread-safe: owned by one ``ScopeIndex``, which is guarded by a lock.
final class VectorMatrix {
    let dimension: Int
    private(set) var rows = 0
    private(set) var capacity = 0
    private(set) var storage: UnsafeMutablePointer<Float>

    init(dimension: Int, capacity: Int = 0) {
        self.dimension = dimension
        self.capacity = max(capacity, 0)
        storage = .allocate(capacity: max(self.capacity * dimension, 1))
    }

    deinit { storage.deallocate() }

    /// Bytes allocated for vectors.
    var allocatedBytes: Int { capacity * dimension * MemoryLayout<Float>.stride }

    /// Appends one row; `vector` must have `dimension` components.
    func append(_ vector: UnsafeBufferPointer<Float>) {
        guard let source = vector.baseAddress, vector.count == dimension else { return }
        if rows == capacity { grow(to: capacity + max(64, capacity / 16)) }
        (storage + rows * dimension).update(from: source, count: dimension)
        rows += 1
    }

    /// Whether row `row` holds exactly `vector`.
    func row(_ row: Int, equals vector: UnsafeBufferPointer<Float>) -> Bool {
        guard vector.count == dimension, row < rows else { return false }
        let start = storage + row * dimension
        for component in 0..<dimension where start[component] != vector[component] { return false }
        return true
    }

    /// Overwrites row `row` with zeros (a tombstone scores 0 against every query).
    func zero(row: Int) {
        (storage + row * dimension).update(repeating: 0, count: dimension)
    }

    /// Keeps only the rows for which `keep` is true, in order, and shrinks the allocation to fit.
    func compact(keeping keep: (Int) -> Bool) {
        var target = 0
        for row in 0..<rows where keep(row) {
            if target != row {
                (storage + target * dimension).update(from: storage + row * dimension, count: dimension)
            }
            target += 1
        }
        rows = target
        grow(to: rows + max(64, rows / 16))
    }

    /// `scores[i] = row i · query` for every row, by one `cblas_sgemv`.
    func scores(for query: UnsafePointer<Float>, into scores: UnsafeMutablePointer<Float>) {
        guard rows > 0 else { return }
        cblas_sgemv(
            CblasRowMajor, CblasNoTrans, Int32(rows), Int32(dimension), 1, storage, Int32(dimension), query, 1, 0,
            scores, 1)
    }

    /// `scores[q * rows + i] = row i · query q` for `count` queries stored row-major, by one `cblas_sgemm`.
    func scores(forQueries queries: UnsafePointer<Float>, count: Int, into scores: UnsafeMutablePointer<Float>) {
        guard rows > 0, count > 0 else { return }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(rows), Int32(dimension), 1, queries,
            Int32(dimension), storage, Int32(dimension), 0, scores, Int32(rows))
    }

    private func grow(to newCapacity: Int) {
        let replacement = UnsafeMutablePointer<Float>.allocate(capacity: max(newCapacity * dimension, 1))
        replacement.update(from: storage, count: rows * dimension)
        storage.deallocate()
        storage = replacement
        capacity = newCapacity
    }
}
