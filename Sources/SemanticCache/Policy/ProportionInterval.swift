/// The Wilson score interval of a proportion: a confidence interval that stays inside [0, 1] and is
/// honest for small counts and proportions near 0 or 1.
public struct ProportionInterval: Sendable, Hashable {
    /// The lower bound.
    public var lower: Double
    /// The upper bound.
    public var upper: Double

    /// The interval of `successes` out of `trials` at the confidence `z` stands for (1.96: 95 %
    /// two-sided; 1.645: 95 % one-sided). No trials give [0, 1].
    public init(successes: Int, trials: Int, z: Double = 1.96) {
        guard trials > 0 else {
            lower = 0
            upper = 1
            return
        }
        let n = Double(trials)
        let p = Double(min(max(successes, 0), trials)) / n
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * ((p * (1 - p) / n + z2 / (4 * n * n)).squareRoot())
        lower = max(0, centre - half)
        upper = min(1, centre + half)
    }
}
