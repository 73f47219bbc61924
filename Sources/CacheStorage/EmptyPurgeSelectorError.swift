/// A purge was asked for with no condition; removing everything takes an explicit ``PurgeSelector/all``.
public struct EmptyPurgeSelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The refusal.
    public init() {}

    public var description: String {
        "purge needs a selector; pass --all to remove everything, or --expired, --namespace, --model, "
            + "--older-than, --key or --tag"
    }
}
