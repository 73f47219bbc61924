/// When and how a scope of the ``SemanticIndex`` is searched through an inverted-file partition instead of
/// a scan of every row.
///
/// Below ``minimumEntries`` a scope is scanned whole (in int8, with exact rescoring), which finds the true
/// nearest neighbours. From ``minimumEntries`` live entries on, the scope's vectors are clustered by spherical
/// k-means into about √n lists, in the background; a lookup then scans the lists nearest the query
/// (``probes(of:)`` of them, plus any entry added since), and rescores its candidates exactly. That is approximate: a neighbour in a
/// list that was not probed is missed. More probes find more and cost more. The partition is rebuilt when the
/// scope has grown fourfold since it was trained.
public struct ApproximateSearch: Sendable, Hashable {
    /// Live entries a scope must hold before it is partitioned.
    public var minimumEntries: Int
    /// Lists scanned per lookup, as a fraction of the lists (at least ``minimumProbes``).
    public var probeFraction: Double
    /// The fewest lists scanned per lookup.
    public var minimumProbes: Int
    /// Vectors sampled to train the centroids.
    public var trainingSample: Int
    /// Rounds of k-means.
    public var iterations: Int

    /// - Parameters:
    ///   - minimumEntries: live entries before a scope is partitioned (default 250,000).
    ///   - probeFraction: the fraction of lists scanned per lookup (default 1/16).
    ///   - minimumProbes: the fewest lists scanned (default 16).
    ///   - trainingSample: vectors sampled to train the centroids (default 65,536).
    ///   - iterations: rounds of k-means (default 10).
    public init(
        minimumEntries: Int = 250_000, probeFraction: Double = 1.0 / 16, minimumProbes: Int = 16,
        trainingSample: Int = 65_536, iterations: Int = 10
    ) {
        self.minimumEntries = max(1, minimumEntries)
        self.probeFraction = probeFraction.isFinite ? min(max(probeFraction, 0), 1) : 1
        self.minimumProbes = max(1, minimumProbes)
        self.trainingSample = max(1, trainingSample)
        self.iterations = max(1, iterations)
    }

    /// The defaults: partition scopes from 250,000 entries, probing a sixteenth of the lists.
    public static let `default` = ApproximateSearch()

    /// Never partition: every lookup scans its whole scope.
    public static let off = ApproximateSearch(minimumEntries: .max)

    /// Lists for a scope of `entries` live entries: about √n, at least 1.
    func lists(for entries: Int) -> Int {
        max(1, Int(Double(max(entries, 1)).squareRoot().rounded()))
    }

    /// Lists scanned per lookup when a scope has `lists` lists.
    public func probes(of lists: Int) -> Int {
        min(lists, max(minimumProbes, Int((Double(lists) * probeFraction).rounded(.up))))
    }
}
