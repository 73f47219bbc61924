import Foundation
import Hummingbird
import LLMCore
import Logging
import NIOCore
import ServerHosting

/// A local stand-in for Anthropic's and OpenAI's APIs, for tests and offline benchmarks.
///
/// Serves `POST /v1/messages` (Anthropic Messages), `POST /v1/chat/completions` (OpenAI Chat Completions),
/// `POST /v1/embeddings`, `GET /simulator/stats` and `GET /simulator/last-request?route=…` (the body and
/// headers, without the key, of the last request on a route), plainly and as server-sent events, with deterministic
/// answers, token accounting, both providers' prompt-cache rules and injectable faults. Point an Anthropic
/// client at ``baseURL`` and an OpenAI client at ``baseURL`` + `/v1`.
///
/// ```swift
/// let simulator = ProviderSimulator()
/// let port = try await simulator.start()
/// defer { Task { await simulator.stop() } }
/// ```
public final class ProviderSimulator: HostedServer {
    /// The configuration it was made with.
    public let configuration: SimulatorConfiguration
    private let service: SimulatorService
    private let host: ServerHost

    /// A simulator that has not started yet.
    public init(configuration: SimulatorConfiguration = SimulatorConfiguration()) {
        self.configuration = configuration
        self.service = SimulatorService(configuration: configuration)
        self.host = ServerHost(name: "the provider simulator", logger: configuration.logger)
    }

    /// Starts listening and returns the port; throws `ServerStartError` when it cannot listen.
    /// Starting a running simulator returns its port. Start and stop from one task at a time.
    @discardableResult
    public func start() async throws -> Int {
        if let port = self.port { return port }
        let router = Router(context: SimulatorRequestContext.self)
        service.register(on: router)
        let port = try await host.start(router: router, host: configuration.host, port: configuration.port)
        configuration.logger.info(
            "provider simulator listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
        return port
    }

    /// Stops listening after the requests in flight are answered. Stopping a stopped simulator does nothing.
    public func stop() async {
        await host.stop()
    }

    /// The port, while running.
    public var port: Int? { host.port }

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
    /// The headers of the last well-formed request on `route` (names lowercased; the API key left out).
    public func lastRequestHeaders(on route: String) -> [String: String]? { service.state.lastHeaders(route: route) }

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
        /// OpenAI Responses.
        public static let responses = SimulatorService.responsesRoute
        /// Anthropic Message Batches: creating a batch.
        public static let anthropicBatchCreate = SimulatorService.anthropicBatchCreateRoute
        /// Anthropic Message Batches: a batch's status.
        public static let anthropicBatchStatus = SimulatorService.anthropicBatchStatusRoute
        /// Anthropic Message Batches: a batch's results.
        public static let anthropicBatchResults = SimulatorService.anthropicBatchResultsRoute
        /// OpenAI Files: an upload.
        public static let fileUpload = SimulatorService.fileUploadRoute
        /// OpenAI Files: a file's content.
        public static let fileContent = SimulatorService.fileContentRoute
        /// OpenAI Batch: creating a batch.
        public static let openAIBatchCreate = SimulatorService.openAIBatchCreateRoute
        /// OpenAI Batch: a batch's status.
        public static let openAIBatchStatus = SimulatorService.openAIBatchStatusRoute
        /// One item of either provider's batch, answered when its batch ends.
        public static let batchItem = SimulatorService.batchItemRoute
        /// The statistics endpoint itself.
        public static let stats = SimulatorService.statsRoute
    }
}
