import Foundation
import LLMCore
import Synchronization

/// An in-process stand-in for a provider's batch API over a ``DeterministicTransport``: a submitted batch
/// ends after a given number of status polls, and each item is answered as the transport answers it. For
/// tests of cache-first batches that need no network and no simulator.
public final class DeterministicBatchTransport: LLMBatchTransport {
    private struct Batch {
        var items: [BatchItem]
        var pollsLeft: Int
        var canceled = false
    }

    private let answers: DeterministicTransport
    private let pollsUntilEnded: Int
    private let batches = Mutex<[String: Batch]>([:])
    private let submitted = Mutex<[[BatchItem]]>([])

    /// - Parameters:
    ///   - answers: answers every item (and plain calls).
    ///   - pollsUntilEnded: how many status polls report a batch running before it has ended.
    public init(answers: DeterministicTransport = DeterministicTransport(), pollsUntilEnded: Int = 1) {
        self.answers = answers
        self.pollsUntilEnded = max(pollsUntilEnded, 0)
    }

    /// The provider of the answering transport.
    public var provider: ProviderID? { answers.provider }

    /// The items of every batch submitted so far, in order.
    public var submittedBatches: [[BatchItem]] { submitted.withLock { $0 } }

    public func send(_ request: LLMRequest) async throws -> LLMResponse {
        try await answers.send(request)
    }

    public func submitBatch(_ items: [BatchItem]) async throws -> ProviderBatchStatus {
        let id = "batch_det_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        batches.withLock { $0[id] = Batch(items: items, pollsLeft: pollsUntilEnded) }
        submitted.withLock { $0.append(items) }
        return ProviderBatchStatus(id: id, ended: false, providerStatus: "in_progress", processing: items.count)
    }

    public func batchStatus(id: String) async throws -> ProviderBatchStatus {
        let batch = try batches.withLock { batches -> Batch in
            guard var batch = batches[id] else { throw Self.unknown(id) }
            if batch.pollsLeft > 0 { batch.pollsLeft -= 1 }
            batches[id] = batch
            return batch
        }
        let ended = batch.pollsLeft == 0
        return ProviderBatchStatus(
            id: id, ended: ended, providerStatus: ended ? "ended" : "in_progress",
            processing: ended ? 0 : batch.items.count, succeeded: ended ? batch.items.count : 0)
    }

    public func batchResults(id: String) async throws -> [BatchItemResult] {
        guard let batch = batches.withLock({ $0[id] }) else { throw Self.unknown(id) }
        if batch.canceled { return batch.items.map { BatchItemResult(customID: $0.customID, outcome: .canceled) } }
        var results: [BatchItemResult] = []
        for item in batch.items {
            do {
                results.append(
                    BatchItemResult(customID: item.customID, outcome: .succeeded(try await answers.send(item.request))))
            } catch let error as ProviderError {
                results.append(BatchItemResult(customID: item.customID, outcome: .errored(error)))
            }
        }
        return results
    }

    /// Ends the batch at once; every item is then reported cancelled.
    public func cancelBatch(id: String) async throws -> ProviderBatchStatus {
        let batch = try batches.withLock { batches -> Batch in
            guard var batch = batches[id] else { throw Self.unknown(id) }
            batch.pollsLeft = 0
            batch.canceled = true
            batches[id] = batch
            return batch
        }
        return ProviderBatchStatus(id: id, ended: true, providerStatus: "ended", canceled: batch.items.count)
    }

    private static func unknown(_ id: String) -> ProviderError {
        ProviderError(kind: .http(status: 404), errorType: "not_found_error", message: "no batch \(id)")
    }
}
