import CBLAS

/// The vectors of one scope: a contiguous float32 matrix, its int8 copy for scanning, the entry id of each
/// row, tombstones for removed rows and, for a large scope, an inverted-file partition.
///
/// A lookup scans the int8 copy (a quarter of the bytes), keeps every row that could be among the exact
/// best (``CandidateSelector``) and rescores those against the float32 rows, so without a partition it
/// returns the same neighbours and similarities as a float32 scan. With a partition it scans only the
/// lists nearest the query (see ``ApproximateSearch``).
///
/// Removed rows are zeroed and their id set to ``tombstone``; when tombstones pass 5 % of the rows the
/// matrices are compacted.
/// Not thread-safe: ``SemanticIndex`` guards it with a lock.
final class ScopeIndex {
    static let tombstone: Int64 = -1

    let matrix: VectorMatrix
    /// The int8 copy scanned per lookup, or `nil` when the scope is scanned in float32.
    let quantized: QuantizedMatrix?
    private(set) var ids: [Int64] = []
    private var rowOf: [Int64: Int32] = [:]
    private(set) var tombstones = 0
    private var scratch: UnsafeMutablePointer<Float>
    private var scratchCount = 0
    /// The partition, once one is built; see ``install(_:)``.
    private(set) var partition: InvertedLists?
    /// Whether a partition is being trained for this scope.
    var partitioning = false

    init(dimension: Int, scan: SemanticIndex.Scan) {
        matrix = VectorMatrix(dimension: dimension)
        quantized = scan == .int8 ? QuantizedMatrix(dimension: dimension) : nil
        scratch = .allocate(capacity: 1)
    }

    deinit { scratch.deallocate() }

    var liveCount: Int { ids.count - tombstones }

    /// Bytes held: both matrices, ids, the id map, the score buffer and the partition.
    var allocatedBytes: Int {
        matrix.allocatedBytes + (quantized?.allocatedBytes ?? 0) + ids.capacity * 8 + rowOf.capacity * 16 + scratchCount
            * 4
            + (partition?.allocatedBytes ?? 0)
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
        quantized?.append(vector)
        // A fully assigned partition lists each new row at once; one still being filled reaches it later.
        if let partition, partition.assignedRows == matrix.rows - 1 {
            partition.assign(from: matrix, quantized: quantized, upTo: matrix.rows)
        }
    }

    /// Removes the given entries; returns how many were present.
    @discardableResult
    func remove(_ removed: some Collection<Int64>) -> Int {
        var count = 0
        for id in removed {
            guard let row = rowOf.removeValue(forKey: id) else { continue }
            ids[Int(row)] = Self.tombstone
            matrix.zero(row: Int(row))
            quantized?.zero(row: Int(row))
            count += 1
        }
        tombstones += count
        if tombstones > 64 && tombstones * 20 > ids.count { compact() }
        return count
    }

    /// The `k` rows most similar to `query` with similarity ≥ `threshold`, best first. `probes` lists are
    /// scanned when the scope is partitioned.
    func search(_ query: UnsafePointer<Float>, k: Int, threshold: Float, probes: Int) -> [SimilarityMatch] {
        guard k > 0, liveCount > 0 else { return [] }
        guard let quantized else { return searchFloat32(query, k: k, threshold: threshold, probes: probes) }
        let quantizedQuery = QuantizedQuery(UnsafeBufferPointer(start: query, count: matrix.dimension))
        var selector = CandidateSelector(k: k, threshold: threshold, bound: quantized.errorBound(for: quantizedQuery))
        var scanFrom = 0
        if let partition {
            for list in partition.probe(query, count: probes) {
                let rows = partition.lists[list]
                ensureScratch(rows.count)
                partition.codes[list].withUnsafeBufferPointer { codes in
                    partition.scales[list].withUnsafeBufferPointer { scales in
                        QuantizedMatrix.scores(
                            for: quantizedQuery, codes: codes, scales: scales, dimension: matrix.dimension,
                            into: scratch)
                    }
                }
                rows.withUnsafeBufferPointer { offer(rows: $0, scores: scratch, to: &selector) }
            }
            scanFrom = partition.assignedRows
        }
        let tail = ids.count - scanFrom
        if tail > 0 {
            ensureScratch(tail)
            quantized.scores(for: quantizedQuery, from: scanFrom, count: tail, into: scratch)
            offer(from: scanFrom, count: tail, scores: scratch, to: &selector)
        }
        return rescore(selector.candidates, query: query, k: k, threshold: threshold)
    }

    /// ``search(_:k:threshold:probes:)`` over the float32 rows alone: one `cblas_sgemv` over the scope, or
    /// for a partitioned scope a dot product per listed row.
    private func searchFloat32(_ query: UnsafePointer<Float>, k: Int, threshold: Float, probes: Int)
        -> [SimilarityMatch]
    {
        guard let partition else {
            ensureScratch(ids.count)
            matrix.scores(for: query, into: scratch)
            return select(scores: UnsafeBufferPointer(start: scratch, count: ids.count), k: k, threshold: threshold)
        }
        var rows: [Int32] = []
        for list in partition.probe(query, count: probes) { rows.append(contentsOf: partition.lists[list]) }
        rows.append(contentsOf: (partition.assignedRows..<ids.count).map { Int32($0) })
        return rescore(rows.filter { ids[Int($0)] != Self.tombstone }, query: query, k: k, threshold: threshold)
    }

    /// For each of `count` row-major queries, the `k` most similar rows with similarity ≥ `threshold`: one
    /// float32 `cblas_sgemm` over the whole scope (which reads the matrix once for all the queries), or for
    /// a partitioned scope one ``search(_:k:threshold:probes:)`` per query.
    func search(batch queries: UnsafePointer<Float>, count: Int, k: Int, threshold: Float, probes: Int)
        -> [[SimilarityMatch]]
    {
        guard count > 0 else { return [] }
        guard k > 0, liveCount > 0 else { return Array(repeating: [], count: count) }
        if partition != nil {
            return (0..<count).map {
                search(queries + $0 * matrix.dimension, k: k, threshold: threshold, probes: probes)
            }
        }
        let rows = ids.count
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: rows * count)
        defer { scores.deallocate() }
        matrix.scores(forQueries: queries, count: count, into: scores)
        return (0..<count).map { query in
            select(scores: UnsafeBufferPointer(start: scores + query * rows, count: rows), k: k, threshold: threshold)
        }
    }

    /// Installs a newly trained partition, with no rows listed yet: until ``fillPartition(rows:)`` has listed
    /// them, searches scan the unlisted rows whole.
    func install(_ lists: InvertedLists) {
        partition = lists
    }

    /// Lists up to `rows` more rows in the partition; returns whether every row is now listed.
    @discardableResult
    func fillPartition(rows: Int) -> Bool {
        guard let partition else { return true }
        partition.assign(from: matrix, quantized: quantized, upTo: partition.assignedRows + rows)
        return partition.assignedRows == matrix.rows
    }

    /// A copy of up to `limit` live rows spread evenly over the scope, for training a partition.
    func sample(limit: Int) -> [Float] {
        let live = ids.indices.filter { ids[$0] != Self.tombstone }
        let step = max(1, live.count / max(1, limit))
        var sample: [Float] = []
        sample.reserveCapacity(min(live.count, limit) * matrix.dimension)
        var taken = 0
        for row in stride(from: 0, to: live.count, by: step) where taken < limit {
            let start = matrix.storage + live[row] * matrix.dimension
            sample.append(contentsOf: UnsafeBufferPointer(start: start, count: matrix.dimension))
            taken += 1
        }
        return sample
    }

    private func offer(from start: Int, count: Int, scores: UnsafePointer<Float>, to selector: inout CandidateSelector)
    {
        ids.withUnsafeBufferPointer { ids in
            for offset in 0..<count where scores[offset] >= selector.floor && ids[start + offset] != Self.tombstone {
                selector.offer(row: Int32(start + offset), similarity: scores[offset])
            }
        }
    }

    private func offer(
        rows: UnsafeBufferPointer<Int32>, scores: UnsafePointer<Float>, to selector: inout CandidateSelector
    ) {
        ids.withUnsafeBufferPointer { ids in
            for (offset, row) in rows.enumerated()
            where scores[offset] >= selector.floor && ids[Int(row)] != Self.tombstone {
                selector.offer(row: row, similarity: scores[offset])
            }
        }
    }

    /// The exact similarities of the candidate rows, best `k` at or above `threshold`.
    private func rescore(_ rows: [Int32], query: UnsafePointer<Float>, k: Int, threshold: Float) -> [SimilarityMatch] {
        let dimension = Int32(matrix.dimension)
        var matches: [SimilarityMatch] = []
        for row in rows {
            let similarity = cblas_sdot(dimension, matrix.storage + Int(row) * matrix.dimension, 1, query, 1)
            guard similarity >= threshold else { continue }
            // Rounding can take the dot product of unit vectors just past ±1; a cosine never is.
            matches.append(SimilarityMatch(id: ids[Int(row)], similarity: min(max(similarity, -1), 1)))
        }
        matches.sort { $0.similarity > $1.similarity }
        return Array(matches.prefix(k))
    }

    /// Picks the best `k` live rows at or above `threshold` from a score vector. One pass; rows below the
    /// threshold cost one comparison each.
    private func select(scores: UnsafeBufferPointer<Float>, k: Int, threshold: Float) -> [SimilarityMatch] {
        var best: [SimilarityMatch] = []
        best.reserveCapacity(k + 1)
        var floor = threshold
        ids.withUnsafeBufferPointer { ids in
            for row in 0..<scores.count where scores[row] >= floor && ids[row] != Self.tombstone {
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
        quantized?.compact { keep[$0] }
        if let partition {
            var newRow = [Int32](repeating: -1, count: keep.count)
            var next: Int32 = 0
            for (row, kept) in keep.enumerated() where kept {
                newRow[row] = next
                next += 1
            }
            partition.remap(newRow)
        }
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
