/// What dataset loading does with an empty or malformed line.
public enum BadLinePolicy: String, Sendable, CaseIterable {
    /// Leave the line out, keep its number and problem in ``PairDataset/skipped``, and go on.
    case skip
    /// Stop at the first such line with ``DatasetError/badLine(_:)``.
    case stop
}
