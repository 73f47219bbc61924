/// A transport that can also send many calls as one provider batch (Anthropic's Message Batches, OpenAI's
/// Batch API): cheaper, answered within the provider's completion window instead of at once.
///
/// A batch is submitted once, then polled with ``batchStatus(id:)`` until ``ProviderBatchStatus/ended``,
/// then read with ``batchResults(id:)``. Every call returns what the provider said; failures are
/// `ProviderError`s, like ``LLMTransport/send(_:)``'s.
public protocol LLMBatchTransport: LLMTransport {
    /// Submits `items` as one batch; returns the provider's id and status. Every item's request must be
    /// for this transport's provider (``LLMRequest/addressed(to:)``) and the custom ids must be unique.
    func submitBatch(_ items: [BatchItem]) async throws -> ProviderBatchStatus
    /// The status of the batch with the provider's `id`.
    func batchStatus(id: String) async throws -> ProviderBatchStatus
    /// The results of the ended batch with the provider's `id`: one per item the provider reports, in any
    /// order (match them by ``BatchItemResult/customID``).
    func batchResults(id: String) async throws -> [BatchItemResult]
    /// Asks the provider to cancel the batch with the provider's `id`; items it has not processed end as
    /// cancelled. Returns the status after the request (the batch may take a while to end).
    func cancelBatch(id: String) async throws -> ProviderBatchStatus
}

extension LLMBatchTransport {
    /// A transport that cannot cancel refuses with a `ProviderError` (400) that says so.
    public func cancelBatch(id: String) async throws -> ProviderBatchStatus {
        throw ProviderError(
            kind: .http(status: 400), provider: provider, errorType: "invalid_request_error",
            message: "this transport cannot cancel batches; cancel \(id) at the provider")
    }
}

/// One call of a batch: the request and the id that finds its result again.
public struct BatchItem: Sendable, Hashable, Codable {
    /// The caller's id for the item, unique within the batch (at most 64 characters of `[A-Za-z0-9_-]`
    /// for Anthropic).
    public var customID: String
    /// The call.
    public var request: LLMRequest

    /// An item `customID` asking `request`.
    public init(customID: String, request: LLMRequest) {
        self.customID = customID
        self.request = request
    }
}

/// Where a provider batch is, as the provider reports it.
public struct ProviderBatchStatus: Sendable, Hashable, Codable {
    /// The provider's id of the batch (`msgbatch_…`, `batch_…`).
    public var id: String
    /// Whether the provider has finished with every item (completed, expired, failed or cancelled);
    /// only then are results available.
    public var ended: Bool
    /// The provider's own word for the state (`in_progress`, `ended`, `validating`, `completed`, …).
    public var providerStatus: String
    /// Items not finished yet.
    public var processing: Int
    /// Items answered.
    public var succeeded: Int
    /// Items that failed (including those the provider refused as invalid).
    public var errored: Int
    /// Items the completion window ran out on.
    public var expired: Int
    /// Items cancelled.
    public var canceled: Int

    /// A status; each parameter sets the property of the same name.
    public init(
        id: String, ended: Bool, providerStatus: String, processing: Int = 0, succeeded: Int = 0, errored: Int = 0,
        expired: Int = 0, canceled: Int = 0
    ) {
        self.id = id
        self.ended = ended
        self.providerStatus = providerStatus
        self.processing = processing
        self.succeeded = succeeded
        self.errored = errored
        self.expired = expired
        self.canceled = canceled
    }
}

/// What became of one item of a batch.
public struct BatchItemResult: Sendable, Hashable {
    /// How an item ended.
    public enum Outcome: Sendable, Hashable {
        /// The model answered.
        case succeeded(LLMResponse)
        /// The provider could not answer the item: the error it gave.
        case errored(ProviderError)
        /// The completion window ran out before the item was processed.
        case expired
        /// The batch was cancelled before the item was processed.
        case canceled
    }

    /// The item's ``BatchItem/customID``.
    public var customID: String
    /// How it ended.
    public var outcome: Outcome

    /// The result `outcome` of item `customID`.
    public init(customID: String, outcome: Outcome) {
        self.customID = customID
        self.outcome = outcome
    }
}
