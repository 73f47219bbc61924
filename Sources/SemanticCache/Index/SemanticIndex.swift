import Synchronization

/// The in-memory similarity index: per scope, one contiguous row-major matrix of unit vectors, searched
/// with `cblas_sgemv` for one query and `cblas_sgemm` for a batch.
///
/// Safe from any number of tasks: every scope map access is under one lock. A search holds the lock for
/// one BLAS product, so searches run one at a time; BLAS itself uses the cores.
public final class SemanticIndex: Sendable {
    /// Components per vector.
    public let dimension: Int
    private let scopes: Mutex<[String: ScopeIndex]>

    public init(dimension: Int) {
        self.dimension = dimension
        scopes = Mutex([:])
    }

    /// What is wrong with a vector given to the index.
    public enum VectorError: Error, Equatable, CustomStringConvertible {
        /// The vector has the wrong number of components.
        case dimension(expected: Int, got: Int)
        /// The vector holds NaN or an infinity.
        case notFinite
        /// The vector is all zeros and has no direction.
        case zero

        public var description: String {
            switch self {
            case .dimension(let expected, let got):
                "vector has \(got) components, the index holds \(expected)-dimensional vectors; "
                    + "use the embedder the cache was created with"
            case .notFinite: "vector contains NaN or infinity; the embedder produced an invalid vector"
            case .zero: "vector is all zeros; it has no direction to compare"
            }
        }
    }

    /// Checks `vector` and scales it to unit length.
    public func normalised(_ vector: [Float]) throws -> [Float] {
        guard vector.count == dimension else { throw VectorError.dimension(expected: dimension, got: vector.count) }
        var sum: Float = 0
        for value in vector {
            guard value.isFinite else { throw VectorError.notFinite }
            sum += value * value
        }
        guard sum > 0 else { throw VectorError.zero }
        let scale = 1 / sum.squareRoot()
        return vector.map { $0 * scale }
    }

    /// Adds (or replaces) entry `id` in `scope`.
    public func insert(scope: String, id: Int64, vector: [Float]) throws {
        let unit = try normalised(vector)
        scopes.withLock { scopes in
            let index = scopes[scope] ?? ScopeIndex(dimension: dimension)
            unit.withUnsafeBufferPointer { index.insert(id: id, vector: $0) }
            scopes[scope] = index
        }
    }

    /// Removes entries, each from its scope; returns how many were present.
    @discardableResult
    public func remove(_ entries: [(scope: String, id: Int64)]) -> Int {
        let grouped = Dictionary(grouping: entries, by: \.scope)
        return scopes.withLock { scopes in
            var removed = 0
            for (scope, items) in grouped {
                guard let index = scopes[scope] else { continue }
                removed += index.remove(items.map(\.id))
                if index.liveCount == 0 { scopes[scope] = nil }
            }
            return removed
        }
    }

    /// Empties the index.
    public func removeAll() {
        scopes.withLock { $0.removeAll() }
    }

    /// The `k` entries of `scope` most similar to `vector` with similarity ≥ `threshold`, best first.
    /// A scope with no entries gives no matches.
    public func search(scope: String, vector: [Float], k: Int = 1, threshold: Float = -1) throws -> [SimilarityMatch] {
        let unit = try normalised(vector)
        return scopes.withLock { scopes in
            guard let index = scopes[scope] else { return [] }
            return unit.withUnsafeBufferPointer { query in
                guard let base = query.baseAddress else { return [] }
                return index.search(base, k: k, threshold: threshold)
            }
        }
    }

    /// ``search(scope:vector:k:threshold:)`` for many queries at once, with one `cblas_sgemm`.
    public func search(scope: String, batch vectors: [[Float]], k: Int = 1, threshold: Float = -1) throws
        -> [[SimilarityMatch]]
    {
        var flat: [Float] = []
        flat.reserveCapacity(vectors.count * dimension)
        for vector in vectors { flat.append(contentsOf: try normalised(vector)) }
        let count = vectors.count
        return scopes.withLock { scopes in
            guard let index = scopes[scope] else { return Array(repeating: [], count: count) }
            return flat.withUnsafeBufferPointer { queries in
                guard let base = queries.baseAddress else { return Array(repeating: [], count: count) }
                return index.search(batch: base, count: count, k: k, threshold: threshold)
            }
        }
    }

    /// Live entries in all scopes.
    public var count: Int { scopes.withLock { $0.values.reduce(0) { $0 + $1.liveCount } } }

    /// Live entries in one scope.
    public func count(scope: String) -> Int { scopes.withLock { $0[scope]?.liveCount ?? 0 } }

    /// Scopes holding at least one entry.
    public var scopeCount: Int { scopes.withLock { $0.count } }

    /// Bytes the index holds (vectors, ids, maps and buffers), to compare with ``rawVectorBytes``.
    public var allocatedBytes: Int { scopes.withLock { $0.values.reduce(0) { $0 + $1.allocatedBytes } } }

    /// Bytes of the live vectors themselves.
    public var rawVectorBytes: Int { count * dimension * MemoryLayout<Float>.stride }

    /// Every live (scope, id) pair, for comparing two indexes.
    public var contents: Set<String> {
        scopes.withLock { scopes in
            var all = Set<String>()
            for (scope, index) in scopes {
                for id in index.ids where id != ScopeIndex.tombstone { all.insert("\(scope)#\(id)") }
            }
            return all
        }
    }
}
