/// A server that starts listening when asked and stops gracefully: what ``ServerService`` runs in a
/// service group.
public protocol HostedServer: Sendable {
    /// Starts listening and returns the bound port; throws ``ServerStartError`` when it cannot listen.
    func start() async throws -> Int

    /// Stops listening after the requests in flight are answered and releases what the server holds.
    /// Stopping a stopped (or never started) server does nothing.
    func stop() async
}
