import LLMCore

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

    /// Refuses custom ids that repeat, and for Anthropic ones that are not 1 to 64 letters, digits, `_`
    /// or `-` (for OpenAI: 1 to 512 bytes).
    static func validate(customIDs: [String], provider: ProviderID?) throws {
        var seen: Set<String> = []
        for id in customIDs {
            let valid =
                provider != .anthropic
                ? (1...512).contains(id.utf8.count)
                : (1...64).contains(id.utf8.count)
                    && id.utf8.allSatisfy { byte in
                        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                            || byte == 0x5F || byte == 0x2D
                    }
            guard valid else {
                throw BatchRequestError(
                    provider == .anthropic
                        ? "the custom id '\(id.prefix(80))' is not 1 to 64 letters, digits, '_' or '-'; rename it"
                        : "a custom id must be 1 to 512 bytes; rename '\(id.prefix(80))'")
            }
            guard seen.insert(id).inserted else {
                throw BatchRequestError("the custom id '\(id)' is used more than once; each item needs its own")
            }
        }
    }

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
