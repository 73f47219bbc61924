import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Runs one HTTP server (a Hummingbird application, or any service that reports its channel when it listens)
/// in a service group of its own: start it and learn its port, stop it gracefully.
///
/// Start and stop from one task at a time.
public final class ServerHost: Sendable {
    private let name: String
    private let logger: Logger
    private let running = Mutex<Running?>(nil)

    private struct Running: Sendable {
        var port: Int
        var group: ServiceGroup
        var task: Task<Void, any Error>
    }

    /// A host that logs to `logger`; `name` says what it runs in a ``ServerStartError`` ("the proxy").
    public init(name: String = "the server", logger: Logger) {
        self.name = name
        self.logger = logger
    }

    /// Builds the server with `make`, which must pass its argument to the server as the callback it calls
    /// once listening (Hummingbird's `onServerRunning`), runs it, and returns the bound port. Starting a
    /// running host returns its port; a server that stops before listening is a ``ServerStartError``.
    public func start(
        _ make: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) -> any Service
    ) async throws -> Int {
        if let port = self.port { return port }
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let server = make { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        }
        let group = ServiceGroup(services: [server], logger: logger)
        let task = Task {
            defer { portContinuation.finish() }
            try await group.run()
        }
        var bound: Int?
        for await port in ports {
            bound = port
            break
        }
        guard let port = bound, port > 0 else {
            switch await task.result {
            case .failure(let error): throw ServerStartError(server: name, reason: String(describing: error))
            case .success: throw ServerStartError(server: name, reason: "the server stopped before it was listening")
            }
        }
        running.withLock { $0 = Running(port: port, group: group, task: task) }
        return port
    }

    /// Serves `router` on `host`:`port` (0 picks a free port) and returns the bound port.
    ///
    /// - Parameters:
    ///   - router: the routes to serve.
    ///   - host: the address to listen on.
    ///   - port: the port to listen on; 0 picks a free one.
    ///   - server: how each connection's channel is set up (HTTP/1 by default).
    public func start<Context: RequestContext>(
        router: Router<Context>, host: String, port: Int, server: HTTPServerBuilder = .http1()
    ) async throws -> Int
    where Context.Source == ApplicationRequestContextSource {
        try await start { onServerRunning in
            Application(
                router: router, server: server,
                configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
                onServerRunning: onServerRunning, logger: logger)
        }
    }

    /// Stops listening and waits for the requests in flight to be answered, for at most `gracePeriod` when
    /// one is given (then the server is cancelled). Returns whether it finished within the period; stopping
    /// a stopped host does nothing and returns true.
    @discardableResult
    public func stop(gracePeriod: Duration? = nil) async -> Bool {
        let taken = running.withLock { state -> Running? in
            defer { state = nil }
            return state
        }
        guard let current = taken else { return true }
        await current.group.triggerGracefulShutdown()
        guard let gracePeriod else {
            _ = await current.task.result
            return true
        }
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                _ = await current.task.result
                return true
            }
            group.addTask {
                do {
                    try await Task.sleep(for: gracePeriod)
                    return false
                } catch {
                    return true
                }
            }
            let first = await group.next() ?? true
            group.cancelAll()
            return first
        }
        if !finished {
            current.task.cancel()
            _ = await current.task.result
        }
        return finished
    }

    /// The port, while running.
    public var port: Int? { running.withLock { $0?.port } }
}
