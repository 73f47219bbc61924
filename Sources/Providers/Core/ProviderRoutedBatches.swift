import LLMCore

/// Batches for a transport that carries several providers' calls: each batch goes to the batch transport
/// of its requests' provider, under an id that names the provider (`anthropic:msgbatch_…`), so that a later
/// status, results or cancel call finds its provider again.
public struct ProviderRoutedBatches: Sendable {
    private let transport: @Sendable (ProviderID) throws -> any LLMBatchTransport

    /// Batches sent through `transport`, the batch transport of each provider.
    public init(transport: @escaping @Sendable (ProviderID) throws -> any LLMBatchTransport) {
        self.transport = transport
    }

    /// Submits `items` to their provider (the first item's); the status carries the routed id.
    public func submitBatch(_ items: [BatchItem]) async throws -> ProviderBatchStatus {
        guard let first = items.first else {
            throw ProviderError(kind: .http(status: 400), message: "a batch needs at least one request")
        }
        let provider = try first.request.namedProvider()
        var status = try await transport(provider).submitBatch(items)
        status.id = provider.rawValue + ":" + status.id
        return status
    }

    /// The status of the batch with the routed `id`.
    public func batchStatus(id: String) async throws -> ProviderBatchStatus {
        let (provider, inner) = try Self.split(id)
        var status = try await transport(provider).batchStatus(id: inner)
        status.id = id
        return status
    }

    /// The results of the batch with the routed `id`.
    public func batchResults(id: String) async throws -> [BatchItemResult] {
        let (provider, inner) = try Self.split(id)
        return try await transport(provider).batchResults(id: inner)
    }

    /// Cancels the batch with the routed `id`.
    public func cancelBatch(id: String) async throws -> ProviderBatchStatus {
        let (provider, inner) = try Self.split(id)
        var status = try await transport(provider).cancelBatch(id: inner)
        status.id = id
        return status
    }

    /// The provider and the provider's own id in a routed id.
    static func split(_ id: String) throws -> (ProviderID, String) {
        guard let colon = id.firstIndex(of: ":") else {
            throw ProviderError(
                kind: .http(status: 404), message: "'\(id)' is not a batch id this transport handed out")
        }
        return (ProviderID(rawValue: String(id[..<colon])), String(id[id.index(after: colon)...]))
    }
}
