import CBLAS

/// An inverted-file partition of one scope's rows: unit centroids and, per centroid, the rows nearest it.
///
/// Rows `0 ..< assignedRows` are in the lists; the rows after them (appended while the partition was being
/// built) are not yet, and a search scans them all. Removed rows stay listed until the matrix is compacted
/// (their ids are tombstones, which searches skip); ``remap(keeping:)`` follows a compaction.
/// Not thread-safe: owned by one ``ScopeIndex``, which is guarded by a lock.
final class InvertedLists {
    let dimension: Int
    let clusters: Int
    let centroids: [Float]
    /// The live row count the centroids were trained on.
    let trainedOn: Int
    private(set) var lists: [[Int32]]
    private(set) var assignedRows = 0

    init(centroids: [Float], dimension: Int, trainedOn: Int) {
        self.dimension = dimension
        self.centroids = centroids
        self.trainedOn = trainedOn
        clusters = dimension > 0 ? centroids.count / dimension : 0
        lists = Array(repeating: [], count: clusters)
    }

    /// Bytes held by the centroids and the lists.
    var allocatedBytes: Int {
        centroids.capacity * 4 + lists.reduce(0) { $0 + $1.capacity * 4 } + lists.capacity * 8
    }

    /// Lists rows `assignedRows ..< min(limit, matrix.rows)`, each under its nearest centroid.
    func assign(from matrix: VectorMatrix, upTo limit: Int) {
        let end = min(limit, matrix.rows)
        guard end > assignedRows, clusters > 0 else { return }
        let count = end - assignedRows
        var nearest = [Int32](repeating: 0, count: count)
        centroids.withUnsafeBufferPointer { centres in
            nearest.withUnsafeMutableBufferPointer { target in
                guard let centresBase = centres.baseAddress, let targetBase = target.baseAddress else { return }
                SphericalKMeans.assign(
                    rows: matrix.storage + assignedRows * dimension, count: count, dimension: dimension,
                    centroids: centresBase, clusters: clusters, into: targetBase)
            }
        }
        for (offset, cluster) in nearest.enumerated() {
            lists[Int(cluster)].append(Int32(assignedRows + offset))
        }
        assignedRows = end
    }

    /// The `count` lists whose centroids are nearest `query`, nearest first.
    func probe(_ query: UnsafePointer<Float>, count: Int) -> [Int] {
        guard clusters > 0, count > 0 else { return [] }
        if count >= clusters { return Array(0..<clusters) }
        var scores = [Float](repeating: 0, count: clusters)
        centroids.withUnsafeBufferPointer { centres in
            scores.withUnsafeMutableBufferPointer { target in
                guard let centresBase = centres.baseAddress, let targetBase = target.baseAddress else { return }
                cblas_sgemv(
                    CblasRowMajor, CblasNoTrans, Int32(clusters), Int32(dimension), 1, centresBase, Int32(dimension),
                    query, 1, 0, targetBase, 1)
            }
        }
        var best: [(cluster: Int, score: Float)] = []
        best.reserveCapacity(count + 1)
        var floor = -Float.infinity
        for (cluster, score) in scores.enumerated() where score > floor || best.count < count {
            let position = best.firstIndex { $0.score < score } ?? best.count
            best.insert((cluster, score), at: position)
            if best.count > count { best.removeLast() }
            if best.count == count, let last = best.last { floor = last.score }
        }
        return best.map(\.cluster)
    }

    /// Follows a compaction of the matrix: `newRow[old]` is a kept row's new number, or -1 if it was dropped.
    func remap(_ newRow: [Int32]) {
        for cluster in 0..<clusters {
            lists[cluster] = lists[cluster].compactMap { row in
                let mapped = newRow[Int(row)]
                return mapped >= 0 ? mapped : nil
            }
        }
        assignedRows = newRow.prefix(assignedRows).reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
    }
}
