import Foundation
import LLMCore
import Synchronization
import WireFormats

/// The simulator's batches and files: what was submitted, when each batch ends, and its results once it
/// has ended.
final class SimulatedBatches: Sendable {
    /// One request of a batch, as submitted.
    struct Item: Sendable {
        var customID: String
        /// The endpoint (`/v1/messages`, `/v1/chat/completions`, `/v1/responses`).
        var url: String
        var body: JSONValue
    }

    /// How far a batch has come.
    enum Phase: Sendable, Equatable {
        case running
        /// One poll is computing the results; the others still see it running.
        case finishing
        case ended
    }

    /// One batch.
    struct Batch: Sendable {
        var id: String
        var dialect: WireDialect
        var endpoint: String
        var inputFileID: String
        var items: [Item]
        var createdAt: Date
        var endsAt: Date
        /// How many items, counted from the end, the completion window runs out on.
        var expiring: Int
        var cancelRequested = false
        var phase = Phase.running
        var endedAt: Date?
        var succeeded = 0
        var errored = 0
        var expired = 0
        var canceled = 0
        /// Anthropic's results file, or OpenAI's output and error files' ids.
        var results: [JSONValue] = []
        var outputFileID: String?
        var errorFileID: String?
        var metadata: JSONValue = .null
    }

    /// An uploaded or produced file.
    struct File: Sendable {
        var id: String
        var filename: String
        var purpose: String
        var bytes: Data
        var createdAt: Date
    }

    private struct Values {
        var batches: [String: Batch] = [:]
        var order: [String] = []
        var files: [String: File] = [:]
        var next = 0
    }

    private let values = Mutex(Values())

    /// A new id with `prefix`.
    func makeID(_ prefix: String) -> String {
        values.withLock { values in
            values.next += 1
            return prefix + String(values.next)
        }
    }

    func add(_ batch: Batch) {
        values.withLock { values in
            values.batches[batch.id] = batch
            values.order.append(batch.id)
        }
    }

    func batch(_ id: String) -> Batch? { values.withLock { $0.batches[id] } }

    /// Every batch of `dialect`, newest first.
    func batches(of dialect: WireDialect) -> [Batch] {
        values.withLock { values in
            values.order.reversed().compactMap { values.batches[$0] }.filter { $0.dialect == dialect }
        }
    }

    func store(_ file: File) { values.withLock { $0.files[file.id] = file } }

    func file(_ id: String) -> File? { values.withLock { $0.files[id] } }

    func requestCancel(_ id: String) -> Batch? {
        values.withLock { values in
            guard var batch = values.batches[id] else { return nil }
            if batch.phase == .running { batch.cancelRequested = true }
            values.batches[id] = batch
            return batch
        }
    }

    /// Claims batch `id` for finishing when it is due at `now` (its time has come, or it was cancelled);
    /// returns it to the one caller that must compute its results.
    func claimIfDue(_ id: String, now: Date) -> Batch? {
        values.withLock { values in
            guard var batch = values.batches[id], batch.phase == .running,
                batch.cancelRequested || now >= batch.endsAt
            else { return nil }
            batch.phase = .finishing
            values.batches[id] = batch
            return batch
        }
    }

    /// Stores the results of a finished batch.
    func finish(_ batch: Batch) {
        var ended = batch
        ended.phase = .ended
        values.withLock { $0.batches[batch.id] = ended }
    }
}
