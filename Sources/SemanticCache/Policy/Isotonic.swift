/// Weighted isotonic regression by pooling adjacent violators.
enum Isotonic {
    /// The non-increasing sequence closest to `values` in weighted least squares; `weights` must be as long.
    static func nonIncreasing(_ values: [Double], weights: [Double]) -> [Double] {
        var blocks: [(value: Double, weight: Double, count: Int)] = []
        for (value, weight) in zip(values, weights) {
            blocks.append((value, max(weight, 1e-12), 1))
            while blocks.count > 1, blocks[blocks.count - 2].value < blocks[blocks.count - 1].value {
                let last = blocks.removeLast()
                let previous = blocks.removeLast()
                let weight = last.weight + previous.weight
                blocks.append(
                    (
                        (last.value * last.weight + previous.value * previous.weight) / weight, weight,
                        last.count + previous.count
                    ))
            }
        }
        return blocks.flatMap { Array(repeating: $0.value, count: $0.count) }
    }
}
