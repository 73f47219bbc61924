import NIOCore

/// A model call whose answer the caches cannot hold (several choices, log probabilities, audio): it goes to
/// the provider as the caller sent it (``PassThroughRoutes/relay(_:like:dialect:route:)``), uncached.
struct UncachedCall: Error, Sendable {
    /// What makes it uncacheable, for `x-cache-reason`.
    var reason: String
    /// The caller's body, as sent.
    var body: ByteBuffer
}
