import Logging
import ServerHosting
import ServiceLifecycle

/// How `serve` and `simulate` run their server: as a service in a group that shuts down gracefully on SIGTERM
/// or SIGINT (the requests in flight are answered, then the server stops).
enum ServerProcess {
    /// Runs `server` until the process receives SIGTERM or SIGINT; `onListening` gets the bound port first
    /// (writing the port file, saying where it listens). Returns once the server has stopped.
    static func run(
        _ server: some HostedServer, logger: Logger, onListening: @escaping @Sendable (_ port: Int) async throws -> Void
    ) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [ServerService(server, onListening: onListening)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
