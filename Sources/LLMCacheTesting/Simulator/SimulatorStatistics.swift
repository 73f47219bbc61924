import LLMCore

/// What the simulator has served: requests per route, faults per kind, and the usage of recent answers.
public struct SimulatorStatistics: Sendable, Hashable, Codable {
    /// Requests received per route (`POST /v1/messages`, `POST /v1/chat/completions`, `POST /v1/embeddings`,
    /// `GET /simulator/stats`), faulted or not.
    public var requestsByRoute: [String: Int]
    /// Faults produced, by their header spelling.
    public var faultsInjected: [String: Int]
    /// The most recent answers (at most ``SimulatorStatistics/recentLimit``), oldest first.
    public var recentCalls: [SimulatedCall]

    /// How many answers ``recentCalls`` keeps.
    public static let recentLimit = 256

    public init(
        requestsByRoute: [String: Int] = [:], faultsInjected: [String: Int] = [:], recentCalls: [SimulatedCall] = []
    ) {
        self.requestsByRoute = requestsByRoute
        self.faultsInjected = faultsInjected
        self.recentCalls = recentCalls
    }

    /// All requests received.
    public var totalRequests: Int { requestsByRoute.values.reduce(0, +) }

    enum CodingKeys: String, CodingKey {
        case requestsByRoute = "requests_by_route"
        case faultsInjected = "faults_injected"
        case recentCalls = "recent_calls"
    }
}

/// One answer the simulator gave, with the usage it reported.
public struct SimulatedCall: Sendable, Hashable, Codable {
    /// The route, such as `POST /v1/messages`.
    public var route: String
    /// The request id header sent back.
    public var requestID: String
    /// The response id in the body.
    public var responseID: String
    /// The model asked for.
    public var model: String
    /// Whether the answer was streamed.
    public var stream: Bool
    /// The usage, normalised.
    public var usage: Usage
    /// The usage object exactly as it was sent on the wire.
    public var wireUsage: JSONValue

    public init(
        route: String, requestID: String, responseID: String, model: String, stream: Bool, usage: Usage,
        wireUsage: JSONValue
    ) {
        self.route = route
        self.requestID = requestID
        self.responseID = responseID
        self.model = model
        self.stream = stream
        self.usage = usage
        self.wireUsage = wireUsage
    }

    enum CodingKeys: String, CodingKey {
        case route, model, stream, usage
        case requestID = "request_id"
        case responseID = "response_id"
        case wireUsage = "wire_usage"
    }
}
