/// A batch call the client cannot make as asked.
public struct BatchRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what to do.
    public var message: String

    /// The error `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }

    static let unsupportedUpstream = BatchRequestError(
        "the client's upstream cannot send batches; give it a transport of the provider (AnthropicTransport or "
            + "OpenAIChatTransport), which speak the providers' batch APIs")
    static let empty = BatchRequestError("a batch needs at least one request")

    static func unknown(_ id: String) -> BatchRequestError {
        BatchRequestError("no batch job '\(id)' in the store; list the jobs with `cachectl batch list`")
    }
}

/// The batch did not end within ``BatchPolling/timeout``. The job is kept: collect it later with
/// ``CachedClient/batchResults(id:polling:)``.
public struct BatchTimeoutError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the job stood when the wait ended.
    public var progress: BatchProgress

    /// The timeout of the job `progress` describes.
    public init(progress: BatchProgress) { self.progress = progress }

    public var description: String {
        "batch job \(progress.id) (provider batch \(progress.providerBatchID ?? "-")) has not ended yet; "
            + "collect it later with its id"
    }
}
