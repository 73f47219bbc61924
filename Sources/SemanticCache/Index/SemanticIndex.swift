import Dispatch
import Logging
import Synchronization

/// The in-memory similarity index: per scope, one contiguous row-major matrix of unit vectors and its int8
/// copy. One query scans the int8 copy and rescores its candidates against the float32 rows (the same
/// neighbours and similarities as a float32 scan, from a quarter of the bytes); a batch is one
/// `cblas_sgemm` over the float32 rows. A scope past ``ApproximateSearch/minimumEntries`` is partitioned
/// in the background and searched through its nearest lists (see ``ApproximateSearch``).
///
/// Safe from any number of tasks: every scope map access is under one lock. A search holds the lock for
/// one scan, so searches run one at a time. Training a partition runs outside the lock, on a Dispatch
/// utility thread (not on Swift Concurrency's threads, which a server may share with its event loops, and
/// which seconds of k-means would hold); listing the rows takes the lock for a slice at a time.
public final class SemanticIndex: Sendable {
    /// Components per vector.
    public let dimension: Int
    /// How one lookup reads a scope's vectors.
    public let scan: Scan
    /// When scopes are partitioned, and how partitions are searched.
    public let approximateSearch: ApproximateSearch
    private let scopes: Mutex<[String: ScopeIndex]>
    /// The partitions being built in the background.
    private let builds = DispatchGroup()
    /// Bulk loads running in ``deferringPartitions(_:)``; while there is one, inserts start no partition.
    private let deferrals = Mutex(0)
    private let logger = Logger(label: "llmcache.semantic-index")

    /// Rows listed per hold of the lock while a partition is filled.
    static let fillSlice = 16_384

    /// How one lookup reads a scope's vectors.
    public enum Scan: String, Sendable, Hashable, CaseIterable {
        /// Scan an int8 copy (a quarter of the bytes), then rescore the candidates in float32: the same
        /// answers as ``float32``, faster, for 25 % more memory.
        case int8
        /// Scan the float32 rows with `cblas_sgemv`; no int8 copy is kept.
        case float32
    }

    /// - Parameters:
    ///   - dimension: components per vector.
    ///   - scan: how one lookup reads a scope (``Scan/int8`` by default).
    ///   - approximateSearch: when scopes are partitioned; ``ApproximateSearch/off`` scans every scope whole.
    public init(dimension: Int, scan: Scan = .int8, approximateSearch: ApproximateSearch = .default) {
        self.dimension = dimension
        self.scan = scan
        self.approximateSearch = approximateSearch
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
        let deferred = deferrals.withLock { $0 > 0 }
        let sample: (rows: [Float], entries: Int)? = scopes.withLock { scopes in
            let index = scopes[scope] ?? ScopeIndex(dimension: dimension, scan: scan)
            unit.withUnsafeBufferPointer { index.insert(id: id, vector: $0) }
            scopes[scope] = index
            return deferred ? nil : startingPartition(index)
        }
        if let sample { buildInBackground(scope: scope, sample: sample.rows, entries: sample.entries) }
    }

    /// Runs `body`, a bulk load, without starting partitions along the way, then starts those the scopes now
    /// need: a scope loaded to n entries is trained once, on all of them, rather than at
    /// ``ApproximateSearch/minimumEntries`` and again at every fourfold growth.
    public func deferringPartitions<Result>(_ body: () async throws -> Result) async throws -> Result {
        deferrals.withLock { $0 += 1 }
        let result: Result
        do {
            result = try await body()
        } catch {
            endDeferral()
            throw error
        }
        endDeferral()
        return result
    }

    private func endDeferral() {
        guard
            deferrals.withLock({ count in
                count -= 1
                return count == 0
            })
        else { return }
        let samples: [(scope: String, rows: [Float], entries: Int)] = scopes.withLock { scopes in
            scopes.compactMap { scope, index in startingPartition(index).map { (scope, $0.rows, $0.entries) } }
        }
        for sample in samples { buildInBackground(scope: sample.scope, sample: sample.rows, entries: sample.entries) }
    }

    /// When `index` needs a partition: marks it as being partitioned and gives the training sample and its
    /// live count. Called under the lock.
    private func startingPartition(_ index: ScopeIndex) -> (rows: [Float], entries: Int)? {
        guard needsPartition(index) else { return nil }
        index.partitioning = true
        return (index.sample(limit: approximateSearch.trainingSample), index.liveCount)
    }

    private func buildInBackground(scope: String, sample: [Float], entries: Int) {
        builds.enter()
        DispatchQueue.global(qos: .utility).async { [self] in
            build(scope: scope, sample: sample, entries: entries)
            builds.leave()
        }
    }

    /// Partitions `scope` now, on the calling thread, whatever its size; returns `false` if the scope is empty.
    /// Lookups go on during the build (the lock is taken a slice at a time).
    @discardableResult
    public func partition(scope: String) -> Bool {
        let sample: (rows: [Float], entries: Int)? = scopes.withLock { scopes in
            guard let index = scopes[scope], index.liveCount > 0 else { return nil }
            index.partitioning = true
            return (index.sample(limit: approximateSearch.trainingSample), index.liveCount)
        }
        guard let sample else { return false }
        build(scope: scope, sample: sample.rows, entries: sample.entries)
        return true
    }

    /// Waits until no partition is being built in the background.
    public func partitionsBuilt() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            builds.notify(queue: .global(qos: .utility)) { continuation.resume() }
        }
    }

    /// Whether `scope` is partitioned, and with how many lists.
    public func partitionLists(scope: String) -> Int? {
        scopes.withLock { $0[scope]?.partition?.clusters }
    }

    private func needsPartition(_ index: ScopeIndex) -> Bool {
        guard !index.partitioning, index.liveCount >= approximateSearch.minimumEntries else { return false }
        guard let partition = index.partition else { return true }
        return index.liveCount / 4 >= partition.trainedOn
    }

    /// Trains centroids on `sample` (outside the lock), installs them, and lists the scope's rows a slice
    /// at a time. `entries` is the scope's live count when the sample was taken: it sets the list count
    /// (about √n, and at most one list per 8 sampled rows, so that each centroid is fitted to several).
    private func build(scope: String, sample: [Float], entries: Int) {
        let count = sample.count / max(1, dimension)
        let clusters = min(approximateSearch.lists(for: entries), max(1, count / 8))
        let centroids = sample.withUnsafeBufferPointer { rows in
            guard let base = rows.baseAddress else { return [Float]() }
            return SphericalKMeans.train(
                sample: base, count: count, dimension: dimension, clusters: clusters,
                iterations: approximateSearch.iterations, seed: 2026)
        }
        // The scope may empty (and be dropped) or be replaced while this runs: each step finds it again.
        let installed: ObjectIdentifier? = scopes.withLock { scopes in
            guard let index = scopes[scope] else { return nil }
            index.install(InvertedLists(centroids: centroids, dimension: dimension, trainedOn: entries))
            return ObjectIdentifier(index)
        }
        guard let installed else { return }
        while true {
            let done = scopes.withLock { scopes in
                guard let index = scopes[scope], ObjectIdentifier(index) == installed else { return true }
                let filled = index.fillPartition(rows: Self.fillSlice)
                if filled { index.partitioning = false }
                return filled
            }
            if done { break }
        }
        logger.debug(
            "semantic index scope partitioned",
            metadata: ["lists": "\(clusters)", "entries": "\(entries)", "sampled": "\(count)"])
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
                return index.search(base, k: k, threshold: threshold, probes: probes(of: index))
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
                return index.search(
                    batch: base, count: count, k: k, threshold: threshold, probes: probes(of: index))
            }
        }
    }

    private func probes(of index: ScopeIndex) -> Int {
        approximateSearch.probes(of: index.partition?.clusters ?? 0)
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
