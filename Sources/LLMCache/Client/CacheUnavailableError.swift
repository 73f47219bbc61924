/// A call refused because the cache store could not be read and the client is configured with
/// ``StoreFailurePolicy/fail``. Nothing was sent to the provider.
public struct CacheUnavailableError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the store lives (a file path, or a connection URL without its password).
    public let location: String
    /// The cache layer whose lookup failed.
    public let layer: CacheLayer
    /// What the store said.
    public let reason: String

    /// An error for a failed lookup in `layer` of the store at `location`.
    public init(location: String, layer: CacheLayer, reason: String) {
        self.location = location
        self.layer = layer
        self.reason = reason
    }

    public var description: String {
        "the cache store at \(location) could not be read (\(reason)); the call was not sent to the provider "
            + "because the client fails calls while its store is unavailable. Retry once the store is back, or "
            + "set whenStoreUnavailable to passThrough (when_store_unavailable: pass_through) to call the "
            + "provider uncached meanwhile"
    }
}
