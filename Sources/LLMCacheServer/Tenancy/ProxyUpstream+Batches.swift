import LLMCore
import Providers

/// Batches through the proxy's upstream: each goes to the transport of its requests' provider, with the
/// current caller's key. The batch ids it hands out name the provider (`anthropic:msgbatch_…`), so that a
/// later status or results call finds its provider again.
extension ProxyUpstream: LLMBatchTransport {
    func submitBatch(_ items: [BatchItem]) async throws -> ProviderBatchStatus {
        guard let first = items.first else {
            throw ProviderError(kind: .http(status: 400), message: "a batch needs at least one request")
        }
        let provider = try first.request.namedProvider()
        var status = try await batchTransport(for: provider).submitBatch(items)
        status.id = provider.rawValue + ":" + status.id
        return status
    }

    func batchStatus(id: String) async throws -> ProviderBatchStatus {
        let (provider, inner) = try Self.split(id)
        var status = try await batchTransport(for: provider).batchStatus(id: inner)
        status.id = id
        return status
    }

    func batchResults(id: String) async throws -> [BatchItemResult] {
        let (provider, inner) = try Self.split(id)
        return try await batchTransport(for: provider).batchResults(id: inner)
    }

    func cancelBatch(id: String) async throws -> ProviderBatchStatus {
        let (provider, inner) = try Self.split(id)
        var status = try await batchTransport(for: provider).cancelBatch(id: inner)
        status.id = id
        return status
    }

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

    /// The provider and the provider's own id in an id this upstream handed out.
    static func split(_ id: String) throws -> (ProviderID, String) {
        guard let colon = id.firstIndex(of: ":") else {
            throw ProviderError(kind: .http(status: 404), message: "'\(id)' is not a batch this proxy submitted")
        }
        return (ProviderID(rawValue: String(id[..<colon])), String(id[id.index(after: colon)...]))
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
