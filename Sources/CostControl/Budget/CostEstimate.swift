import LLMCore

/// The pre-flight estimate of a call: what the gate reserves before the call is sent.
public struct CostEstimate: Sendable, Hashable {
    /// The model row the estimate was priced at.
    public var model: String
    /// Estimated input tokens.
    public var inputTokens: Int
    /// The output tokens reserved: the request's `max_tokens`.
    public var maxOutputTokens: Int
    /// The estimated cost.
    public var cost: MicroDollars

    /// Estimates `request` at `price`: estimated input tokens at the input rate (or at the cache-write rate
    /// when the request asks the provider to cache a prefix, since a write costs more than plain input),
    /// plus `max_tokens` at the output rate, using long-context rates when the estimate crosses the threshold.
    /// With `batch`, the rates are the Batch API's (``ModelPrice/batchDiscountPercent`` off).
    /// - Throws: `UnknownProviderError` without `estimator` for a provider without a profile.
    public init(request: LLMRequest, price: ModelPrice, estimator: TokenEstimator? = nil, batch: Bool = false) throws {
        let estimator = try estimator ?? .forProvider(price.provider)
        let input = estimator.inputTokens(of: request)
        let output = max(request.maxTokens, 0)
        let marker = Self.strongestCacheMarker(in: request)
        let usage: Usage
        switch marker {
        case .oneHour?: usage = Usage(outputTokens: output, cacheWrite1hInputTokens: input)
        case .fiveMinutes?: usage = Usage(outputTokens: output, cacheWrite5mInputTokens: input)
        case nil: usage = Usage(inputTokens: input, outputTokens: output)
        }
        self.model = price.id
        self.inputTokens = input
        self.maxOutputTokens = output
        self.cost = price.cost(of: usage, batch: batch)
    }

    private static func strongestCacheMarker(in request: LLMRequest) -> PromptCacheMarker.TTL? {
        var markers = request.system.compactMap(\.cacheControl?.ttl) + request.tools.compactMap(\.cacheControl?.ttl)
        for message in request.messages {
            for case .text(let block) in message.content {
                if let ttl = block.cacheControl?.ttl { markers.append(ttl) }
            }
        }
        if markers.contains(.oneHour) { return .oneHour }
        return markers.isEmpty ? nil : .fiveMinutes
    }
}
