import LLMCore
import Providers

/// Batches through the proxy's upstream: each goes to the transport of its requests' provider, with the
/// current caller's key. The batch ids it hands out name the provider (`anthropic:msgbatch_…`), so that a
/// later status or results call finds its provider again.
extension ProxyUpstream: LLMBatchTransport {
    private var batches: ProviderRoutedBatches {
        ProviderRoutedBatches { [self] provider in try batchTransport(for: provider) }
    }

    func submitBatch(_ items: [BatchItem]) async throws -> ProviderBatchStatus {
        try await batches.submitBatch(items)
    }

    func batchStatus(id: String) async throws -> ProviderBatchStatus { try await batches.batchStatus(id: id) }

    func batchResults(id: String) async throws -> [BatchItemResult] { try await batches.batchResults(id: id) }

    func cancelBatch(id: String) async throws -> ProviderBatchStatus { try await batches.cancelBatch(id: id) }

    /// The batch transport of `provider`, with this request's key.
    func batchTransport(for provider: ProviderID) throws -> any LLMBatchTransport {
        guard let endpoint = endpoints[provider] else { throw UnknownProviderError(provider) }
        let transport = try ProviderTransports.transport(
            for: provider, baseURL: endpoint.baseURL, apiKey: endpoint.serverKey ?? Self.currentCallerKey,
            timeout: timeout, http: http)
        guard let batches = transport as? any LLMBatchTransport else {
            throw ProviderError(
                kind: .http(status: 400), provider: provider, message: "\(provider) has no batch API here")
        }
        return batches
    }
}

/// Token counts through the proxy's upstream: Anthropic calls are counted by the provider, with the current
/// caller's key; other providers have no count, so their calls are estimated.
extension ProxyUpstream: InputTokenCounting {
    func countInputTokens(_ request: LLMRequest) async throws -> Int {
        guard let counter = try transport(for: request) as? any InputTokenCounting else {
            throw ProviderError(
                kind: .http(status: 400), provider: request.provider,
                message: "\(request.provider.map(\.rawValue) ?? "this provider") has no token count; estimating")
        }
        return try await counter.countInputTokens(request)
    }
}
