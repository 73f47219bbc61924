import CBLAS
import LLMCore

/// Spherical k-means on unit vectors (centroids are kept unit length, nearness is the dot product), with
/// `cblas_sgemm` for the assignment step. Deterministic for a given seed.
enum SphericalKMeans {
    /// Rows scored against the centroids per `cblas_sgemm`.
    static let chunkRows = 1024

    /// `clusters` unit centroids (row-major, `clusters × dimension`) fitted to `count` rows of `sample`.
    static func train(
        sample: UnsafePointer<Float>, count: Int, dimension: Int, clusters: Int, iterations: Int, seed: UInt64
    ) -> [Float] {
        let clusters = max(1, min(clusters, count))
        var random = SplitMix64(seed: seed)
        // Start from distinct sample rows chosen by a partial Fisher–Yates shuffle.
        var order = Array(0..<count)
        for position in 0..<clusters {
            let pick = position + Int(random.next() % UInt64(count - position))
            order.swapAt(position, pick)
        }
        var centroids = [Float](repeating: 0, count: clusters * dimension)
        for cluster in 0..<clusters {
            for component in 0..<dimension {
                centroids[cluster * dimension + component] = sample[order[cluster] * dimension + component]
            }
        }
        var nearest = [Int32](repeating: 0, count: count)
        for _ in 0..<max(1, iterations) {
            centroids.withUnsafeBufferPointer { centres in
                nearest.withUnsafeMutableBufferPointer { target in
                    guard let centresBase = centres.baseAddress, let targetBase = target.baseAddress else { return }
                    assign(
                        rows: sample, count: count, dimension: dimension, centroids: centresBase, clusters: clusters,
                        into: targetBase)
                }
            }
            var sums = [Float](repeating: 0, count: clusters * dimension)
            var members = [Int](repeating: 0, count: clusters)
            for row in 0..<count {
                let cluster = Int(nearest[row])
                members[cluster] += 1
                for component in 0..<dimension {
                    sums[cluster * dimension + component] += sample[row * dimension + component]
                }
            }
            for cluster in 0..<clusters {
                let base = cluster * dimension
                var length: Float = 0
                for component in 0..<dimension { length += sums[base + component] * sums[base + component] }
                if members[cluster] == 0 || length <= 0 {
                    // An empty cluster restarts from a random sample row.
                    let row = Int(random.next() % UInt64(count))
                    for component in 0..<dimension { centroids[base + component] = sample[row * dimension + component] }
                    continue
                }
                let scale = 1 / length.squareRoot()
                for component in 0..<dimension { centroids[base + component] = sums[base + component] * scale }
            }
        }
        return centroids
    }

    /// `into[i]` = the centroid nearest row `i` of `rows`.
    static func assign(
        rows: UnsafePointer<Float>, count: Int, dimension: Int, centroids: UnsafePointer<Float>, clusters: Int,
        into nearest: UnsafeMutablePointer<Int32>
    ) {
        guard count > 0, clusters > 0 else { return }
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: min(count, chunkRows) * clusters)
        defer { scores.deallocate() }
        var start = 0
        while start < count {
            let chunk = min(chunkRows, count - start)
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(chunk), Int32(clusters), Int32(dimension), 1,
                rows + start * dimension, Int32(dimension), centroids, Int32(dimension), 0, scores, Int32(clusters))
            for row in 0..<chunk {
                let line = scores + row * clusters
                var best = 0
                for cluster in 1..<max(1, clusters) where line[cluster] > line[best] { best = cluster }
                nearest[start + row] = Int32(best)
            }
            start += chunk
        }
    }
}
