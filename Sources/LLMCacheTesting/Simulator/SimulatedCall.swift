import LLMCore

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

    /// Creates a value from its parts; every parameter is the property of the same name.
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
