/// A cache layer's identity: the layer that answered a call (in ``CacheMetadata``), and the name its counters
/// are kept under in the store, its log lines and its errors.
///
/// The client consults its layers in order (see ``CachedClient``); each one is a `LookupLayer` registered
/// in ``CachedClient/init(upstream:store:semantic:configuration:pricer:costGuard:promptCachePlanner:router:rateLimiter:logger:)``.
public struct CacheLayer: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The name, as in counters (`exact`, `semantic`).
    public let rawValue: String

    /// The layer named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The exact response cache: a stored answer to the same canonical request.
    public static let exact = CacheLayer(rawValue: "exact")
    /// The semantic cache: a stored answer to a request that means the same.
    public static let semantic = CacheLayer(rawValue: "semantic")
    /// No layer: the provider answered.
    public static let none = CacheLayer(rawValue: "none")
    /// Calls answered by an identical call in flight at the same time; counted only (their lookups already
    /// counted as misses in the layers), and reported in metadata as the exact layer with `coalesced` set.
    public static let singleFlight = CacheLayer(rawValue: "single-flight")

    public var description: String { rawValue }
}
