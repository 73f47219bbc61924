import Foundation
import Hummingbird
import LLMCore
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A local stand-in for Anthropic's and OpenAI's APIs, for tests and offline benchmarks.
///
/// Serves `POST /v1/messages` (Anthropic Messages), `POST /v1/chat/completions` (OpenAI Chat Completions),
/// `POST /v1/embeddings` and `GET /simulator/stats`, plainly and as server-sent events, with deterministic
/// answers, token accounting, both providers' prompt-cache rules and injectable faults. Point an Anthropic
/// client at ``baseURL`` and an OpenAI client at ``baseURL`` + `/v1`.
///
/// ```swift
/// let simulator = ProviderSimulator()
/// let port = try await simulator.start()
/// defer { Task { await simulator.stop() } }
/// ```
public final class ProviderSimulator: Sendable {
    /// The configuration it was made with.
    public let configuration: SimulatorConfiguration
    private let service: SimulatorService
    private let running = Mutex<Running?>(nil)

    private struct Running: Sendable {
        var port: Int
        var group: ServiceGroup
        var task: Task<Void, any Error>
    }

    /// The simulator failed to start listening.
    public struct StartError: Error, Sendable, CustomStringConvertible {
        /// Why.
        public let reason: String
        public var description: String { "the provider simulator could not start: \(reason)" }
    }

    /// A simulator that has not started yet.
    public init(configuration: SimulatorConfiguration = SimulatorConfiguration()) {
        self.configuration = configuration
        self.service = SimulatorService(configuration: configuration)
    }

    /// Starts listening and returns the port. Starting a running simulator returns its port. Start and stop
    /// from one task at a time.
    @discardableResult
    public func start() async throws -> Int {
        if let port = self.port { return port }
        let router = Router(context: SimulatorRequestContext.self)
        service.register(on: router)
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: configuration.logger)
        let group = ServiceGroup(services: [app], logger: configuration.logger)
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
            let failure: String
            switch await task.result {
            case .failure(let error): failure = String(describing: error)
            case .success: failure = "the server stopped before it was listening"
            }
            throw StartError(reason: failure)
        }
        running.withLock { $0 = Running(port: port, group: group, task: task) }
        configuration.logger.info(
            "provider simulator listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
        return port
    }

    /// Stops listening after the requests in flight are answered. Stopping a stopped simulator does nothing.
    public func stop() async {
        guard
            let current = running.withLock({ state -> Running? in
                defer { state = nil }
                return state
            })
        else { return }
        await current.group.triggerGracefulShutdown()
        _ = await current.task.result
    }

    /// The port, while running.
    public var port: Int? { running.withLock { $0?.port } }

    /// `http://HOST:PORT`, while running: the base URL of an Anthropic client; add `/v1` for an OpenAI client.
    public var baseURL: String? {
        port.map { "http://\(configuration.host):\($0)" }
    }

    /// What the simulator has served so far.
    public var statistics: SimulatorStatistics { service.state.statistics }

    /// Requests received on `route` (for example `POST /v1/messages`).
    public func requests(on route: String) -> Int { statistics.requestsByRoute[route] ?? 0 }

    /// The JSON body of the last well-formed request on `route`, as received (for checking what a client sent).
    public func lastRequestBody(on route: String) -> JSONValue? { service.state.lastBody(route: route) }

    /// Forgets the counts and recent calls (the prompt caches stay).
    public func resetStatistics() { service.state.resetStatistics() }

    /// Queues faults for the next requests that carry no fault header, one per request, in order.
    public func injectFaults(_ faults: [SimulatedFault]) { service.state.enqueue(faults) }

    /// The route names counted in ``SimulatorStatistics/requestsByRoute``.
    public enum Route {
        /// Anthropic Messages.
        public static let messages = SimulatorService.messagesRoute
        /// OpenAI Chat Completions.
        public static let chatCompletions = SimulatorService.chatRoute
        /// Embeddings.
        public static let embeddings = SimulatorService.embeddingsRoute
        /// The statistics endpoint itself.
        public static let stats = SimulatorService.statsRoute
    }
}
