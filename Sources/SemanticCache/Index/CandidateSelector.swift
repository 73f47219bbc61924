/// Keeps, from approximate similarities, every row that could be among the exact top `k` at or above
/// `threshold`, given that each approximate similarity is within `bound` of the exact one.
///
/// A true match has exact similarity ≥ `threshold`, so its approximate one is ≥ `threshold − bound`. And if
/// `k` rows have approximate similarity ≥ `a`, their exact ones are ≥ `a − bound`, so the exact `k`-th best is
/// too, and every true top-`k` row has approximate similarity ≥ `a − 2 bound`. Rows below both floors are
/// dropped; the rest are rescored exactly.
struct CandidateSelector {
    let k: Int
    let threshold: Float
    let bound: Float
    /// The best `k` approximate similarities offered so far, best first.
    private var best: [Float] = []
    private var rows: [Int32] = []
    private var approximate: [Float] = []
    /// Rows below this cannot be in the exact top `k`.
    private(set) var floor: Float

    init(k: Int, threshold: Float, bound: Float) {
        self.k = k
        self.threshold = threshold
        self.bound = bound
        floor = threshold - bound
        best.reserveCapacity(k + 1)
    }

    /// Offers one row with its approximate similarity; call only when `similarity >= floor`.
    mutating func offer(row: Int32, similarity: Float) {
        rows.append(row)
        approximate.append(similarity)
        let position = best.firstIndex { $0 < similarity } ?? best.count
        guard position < k else { return }
        best.insert(similarity, at: position)
        if best.count > k { best.removeLast() }
        if best.count == k, let last = best.last { floor = max(threshold - bound, last - 2 * bound) }
    }

    /// The rows to rescore: those offered at or above the final floor.
    var candidates: [Int32] {
        var kept: [Int32] = []
        for (row, similarity) in zip(rows, approximate) where similarity >= floor { kept.append(row) }
        return kept
    }
}
