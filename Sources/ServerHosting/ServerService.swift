import ServiceLifecycle

/// Runs a ``HostedServer`` as a `Service`: starts it, reports the bound port, serves until the service group
/// shuts down gracefully (or is cancelled), then stops the server.
///
/// ```swift
/// let service = ServerService(server) { port in print("listening on \(port)") }
/// let group = ServiceGroup(
///     configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
/// try await group.run()
/// ```
public struct ServerService<Server: HostedServer>: Service {
    /// The server it runs.
    public let server: Server
    private let onListening: @Sendable (_ port: Int) async throws -> Void

    /// A service for `server`; `onListening` is called once with the bound port. When starting or
    /// `onListening` throws, the server is stopped and the error ends the service.
    public init(_ server: Server, onListening: @escaping @Sendable (_ port: Int) async throws -> Void = { _ in }) {
        self.server = server
        self.onListening = onListening
    }

    /// Starts the server, serves until graceful shutdown or cancellation, then stops it.
    public func run() async throws {
        do {
            let port = try await server.start()
            try await onListening(port)
        } catch {
            await server.stop()
            throw error
        }
        // Returns on graceful shutdown; throws CancellationError when cancelled, which stops the server all the same.
        try? await gracefulShutdown()
        await server.stop()
    }
}
