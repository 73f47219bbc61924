import Hummingbird

/// The request context of the proxy's routes: Hummingbird's core context.
public struct ProxyRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage

    /// A context for a request from `source`.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}
