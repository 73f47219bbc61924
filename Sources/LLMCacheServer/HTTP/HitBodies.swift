import CacheStorage
import LLMCache
import LLMCore
import NIOCore

/// The bodies of the hits this proxy answered most recently, as written: a hit on the same stored answer in
/// the same API is written back from these bytes, without encoding the answer again.
///
/// Only APIs whose answer body depends on nothing but the stored answer are kept (Anthropic Messages; an
/// OpenAI body carries the time of the answer). A body is reused only while the store returns the very
/// bytes it was written from for the same entry (see `EntryMemo`), so a replaced entry is written afresh.
struct HitBodies: Sendable {
    private let memo = EntryMemo<ByteBuffer>()

    /// The body of `answer` in `wire`: the kept one when `answer` is a hit on the same stored bytes, written
    /// by `write` (and kept, when `wire` allows) otherwise.
    func body(for answer: CachedResponse, wire: ProviderProfile.WireFormat, write: (LLMResponse) -> ByteBuffer)
        -> ByteBuffer
    {
        guard wire == .anthropicMessages, answer.cache.outcome == .hit, let id = answer.cache.servedEntryID,
            let stored = answer.storedBytes
        else { return write(answer.response) }
        return memo.value(id: id, bytes: stored, { write(answer.response) }, size: { $0.readableBytes + stored.count })
    }
}
