import AsyncHTTPClient
import Logging
import NIOCore

/// The HTTP client the transports share: one connection pool, one set of timeouts.
///
/// Create one per process (or use ``shared``) and give it to every transport, so that calls to the same host
/// reuse connections. A client you create must be shut down with ``shutdown()`` before it is released.
public final class ProviderHTTPClient: Sendable {
    /// Connection and pool settings.
    public struct Configuration: Sendable {
        /// The longest wait for a TCP (and TLS) connection.
        public var connectTimeout: Duration
        /// The longest silence while reading a response (between two bytes, including the first byte).
        public var readTimeout: Duration
        /// Connections kept per host.
        public var maximumConnectionsPerHost: Int
        /// How long an idle pooled connection is kept.
        public var idleConnectionTimeout: Duration
        /// Whether a connection that cannot be made is tried again until ``connectTimeout`` passes. Off by
        /// default: a refused connection or an unknown host fails the call at once, and the cost guard's retry
        /// policy (which retries connection failures with backoff) decides whether to try again.
        public var retriesConnectionEstablishment: Bool

        /// A configuration; each parameter sets the property of the same name.
        ///
        /// - Parameters:
        ///   - connectTimeout: the longest wait for a TCP (and TLS) connection. Default: 10 seconds.
        ///   - readTimeout: the longest silence while reading a response. Default: 600 seconds.
        ///   - maximumConnectionsPerHost: connections kept per host. Default: 16.
        ///   - idleConnectionTimeout: how long an idle pooled connection is kept. Default: 60 seconds.
        ///   - retriesConnectionEstablishment: whether a connection that cannot be made is tried again until
        ///     the connect timeout passes. Default: `false`.
        public init(
            connectTimeout: Duration = .seconds(10), readTimeout: Duration = .seconds(600),
            maximumConnectionsPerHost: Int = 16, idleConnectionTimeout: Duration = .seconds(60),
            retriesConnectionEstablishment: Bool = false
        ) {
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
            self.idleConnectionTimeout = idleConnectionTimeout
            self.retriesConnectionEstablishment = retriesConnectionEstablishment
        }
    }

    /// The underlying client.
    public let client: HTTPClient
    private let ownsClient: Bool

    /// A client with its own connection pool.
    public init(configuration: Configuration = Configuration()) {
        var settings = HTTPClient.Configuration()
        settings.timeout = .init(
            connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.readTimeout))
        settings.connectionPool = .init(
            idleTimeout: TimeAmount(configuration.idleConnectionTimeout),
            concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, configuration.maximumConnectionsPerHost))
        settings.connectionPool.retryConnectionEstablishment = configuration.retriesConnectionEstablishment
        settings.redirectConfiguration = .disallow
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
        self.ownsClient = true
    }

    /// Wraps an existing client; ``shutdown()`` leaves it running.
    public init(wrapping client: HTTPClient) {
        self.client = client
        self.ownsClient = false
    }

    /// A process-wide client with the default ``Configuration``. It lives as long as the process and is never
    /// shut down.
    public static let shared = ProviderHTTPClient()

    /// Closes the pooled connections of a client this object created.
    public func shutdown() async throws {
        if ownsClient { try await client.shutdown() }
    }
}
