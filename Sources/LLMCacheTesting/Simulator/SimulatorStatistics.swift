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

    /// Creates a value from its parts; every parameter is the property of the same name.
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
