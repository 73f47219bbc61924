import Foundation
import LLMCore

/// A provider batch kept in the store, so that a batch submitted by one process is followed, and its
/// answers collected, by the same process after a restart or by another one.
///
/// The store keeps the job's ``document`` (its items, what each became) as the client wrote it and reads
/// nothing inside it; the other fields are for listing.
public struct StoredBatch: Sendable, Hashable {
    /// The client's id of the job.
    public var id: String
    /// The provider the batch was submitted to.
    public var provider: ProviderID
    /// The provider's id of the batch; `nil` when nothing needed submitting (every item was a cache hit).
    public var providerBatchID: String?
    /// Where the job is (`submitted`, `complete`), in the client's words.
    public var status: String
    /// How many items the job has.
    public var itemCount: Int
    /// When the job was created.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
    /// The job itself, as JSON.
    public var document: String

    /// A stored batch; each parameter sets the property of the same name.
    public init(
        id: String, provider: ProviderID, providerBatchID: String?, status: String, itemCount: Int, createdAt: Date,
        updatedAt: Date, document: String
    ) {
        self.id = id
        self.provider = provider
        self.providerBatchID = providerBatchID
        self.status = status
        self.itemCount = itemCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.document = document
    }
}
