/// The vectors of one scope: a contiguous matrix, the entry id of each row, and tombstones for removed rows.
///
/// Removed rows are zeroed and their id set to ``tombstone``; when tombstones pass 5 % of the rows the
/// matrix is compacted, which keeps memory within about 1.2 × the live vectors' bytes.
/// Not thread-safe: ``SemanticIndex`` guards it with a lock.
final class ScopeIndex {
    static let tombstone: Int64 = -1

    let matrix: VectorMatrix
    private(set) var ids: [Int64] = []
    private var rowOf: [Int64: Int32] = [:]
    private(set) var tombstones = 0
    private var scratch: UnsafeMutablePointer<Float>
    private var scratchCount = 0

    init(dimension: Int) {
        matrix = VectorMatrix(dimension: dimension)
        scratch = .allocate(capacity: 1)
    }

    deinit { scratch.deallocate() }

    var liveCount: Int { ids.count - tombstones }

    /// Bytes held: vectors, ids, the id map and the score buffer.
    var allocatedBytes: Int {
        matrix.allocatedBytes + ids.capacity * 8 + rowOf.capacity * 16 + scratchCount * 4
    }

    /// Adds (or replaces) the vector of entry `id`. The same vector again changes nothing: a shared store
    /// reports this instance's own inserts back to it.
    func insert(id: Int64, vector: UnsafeBufferPointer<Float>) {
        if let row = rowOf[id] {
            if matrix.row(Int(row), equals: vector) { return }
            remove([id])
        }
        rowOf[id] = Int32(ids.count)
        ids.append(id)
        matrix.append(vector)
    }

    /// Removes the given entries; returns how many were present.
    @discardableResult
    func remove(_ removed: some Collection<Int64>) -> Int {
        var count = 0
        for id in removed {
            guard let row = rowOf.removeValue(forKey: id) else { continue }
            ids[Int(row)] = Self.tombstone
            matrix.zero(row: Int(row))
            count += 1
        }
        tombstones += count
        if tombstones > 64 && tombstones * 20 > ids.count { compact() }
        return count
    }

    /// The `k` rows most similar to `query` with similarity ≥ `threshold`, best first.
    func search(_ query: UnsafePointer<Float>, k: Int, threshold: Float) -> [SimilarityMatch] {
        guard k > 0, liveCount > 0 else { return [] }
        ensureScratch(ids.count)
        matrix.scores(for: query, into: scratch)
        return select(scores: UnsafeBufferPointer(start: scratch, count: ids.count), k: k, threshold: threshold)
    }

    /// For each of `count` row-major queries, the `k` most similar rows with similarity ≥ `threshold`.
    func search(batch queries: UnsafePointer<Float>, count: Int, k: Int, threshold: Float) -> [[SimilarityMatch]] {
        guard count > 0 else { return [] }
        guard k > 0, liveCount > 0 else { return Array(repeating: [], count: count) }
        let rows = ids.count
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: rows * count)
        defer { scores.deallocate() }
        matrix.scores(forQueries: queries, count: count, into: scores)
        return (0..<count).map { query in
            select(scores: UnsafeBufferPointer(start: scores + query * rows, count: rows), k: k, threshold: threshold)
        }
    }

    /// Picks the best `k` live rows at or above `threshold` from a score vector. One pass; rows below the
    /// threshold cost one comparison each.
    private func select(scores: UnsafeBufferPointer<Float>, k: Int, threshold: Float) -> [SimilarityMatch] {
        var best: [SimilarityMatch] = []
        best.reserveCapacity(k + 1)
        var floor = threshold
        ids.withUnsafeBufferPointer { ids in
            for row in 0..<scores.count where scores[row] >= floor && ids[row] != Self.tombstone {
                // Rounding can take the dot product of unit vectors just past ±1; a cosine never is.
                let match = SimilarityMatch(id: ids[row], similarity: min(max(scores[row], -1), 1))
                let position = best.firstIndex { $0.similarity < match.similarity } ?? best.count
                best.insert(match, at: position)
                if best.count > k { best.removeLast() }
                if best.count == k, let last = best.last { floor = last.similarity }
            }
        }
        return best
    }

    private func compact() {
        let keep = ids.map { $0 != Self.tombstone }
        matrix.compact { keep[$0] }
        ids.removeAll { $0 == Self.tombstone }
        ids.reserveCapacity(ids.count)
        rowOf.removeAll(keepingCapacity: false)
        for (row, id) in ids.enumerated() { rowOf[id] = Int32(row) }
        tombstones = 0
    }

    private func ensureScratch(_ count: Int) {
        guard count > scratchCount else { return }
        scratch.deallocate()
        scratch = .allocate(capacity: count)
        scratchCount = count
    }
}
