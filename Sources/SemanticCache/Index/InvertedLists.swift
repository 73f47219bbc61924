import CBLAS

/// An inverted-file partition of one scope's rows: unit centroids and, per centroid, the rows nearest it
/// with a contiguous copy of their int8 codes and scales (a list is scanned as one block: gathering rows
/// spread over the whole matrix would cost a cache miss per row).
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
    /// Per list, the int8 codes of its rows in list order (`dimension` each), when the scope has them.
    private(set) var codes: [[Int8]]
    /// Per list, the scales of its rows in list order.
    private(set) var scales: [[Float]]
    private(set) var assignedRows = 0

    init(centroids: [Float], dimension: Int, trainedOn: Int) {
        self.dimension = dimension
        self.centroids = centroids
        self.trainedOn = trainedOn
        clusters = dimension > 0 ? centroids.count / dimension : 0
        lists = Array(repeating: [], count: clusters)
        codes = Array(repeating: [], count: clusters)
        scales = Array(repeating: [], count: clusters)
    }

    /// Bytes held by the centroids and the lists.
    var allocatedBytes: Int {
        centroids.capacity * 4 + lists.reduce(0) { $0 + $1.capacity * 4 } + codes.reduce(0) { $0 + $1.capacity }
            + scales.reduce(0) { $0 + $1.capacity * 4 } + clusters * 24 * 3
    }

    /// Lists rows `assignedRows ..< min(limit, matrix.rows)`, each under its nearest centroid, with their
    /// codes from `quantized` when there is one.
    func assign(from matrix: VectorMatrix, quantized: QuantizedMatrix?, upTo limit: Int) {
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
            let row = assignedRows + offset
            lists[Int(cluster)].append(Int32(row))
            if let quantized {
                codes[Int(cluster)].append(
                    contentsOf: UnsafeBufferPointer(start: quantized.storage + row * dimension, count: dimension))
                scales[Int(cluster)].append(quantized.scales[row])
            }
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
            var rows: [Int32] = []
            var keptCodes: [Int8] = []
            var keptScales: [Float] = []
            let hasCodes = !scales[cluster].isEmpty
            for (position, row) in lists[cluster].enumerated() {
                let mapped = newRow[Int(row)]
                guard mapped >= 0 else { continue }
                rows.append(mapped)
                if hasCodes {
                    keptCodes.append(contentsOf: codes[cluster][position * dimension..<(position + 1) * dimension])
                    keptScales.append(scales[cluster][position])
                }
            }
            lists[cluster] = rows
            codes[cluster] = keptCodes
            scales[cluster] = keptScales
        }
        assignedRows = newRow.prefix(assignedRows).reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
    }
}
