import Foundation
import Synchronization

/// OpenAI's automatic prompt cache, as the simulator plays it: prompts of 1,024 tokens or more are cached
/// without being asked, in steps of 128 tokens; a later prompt that shares a cached prefix reports the longest
/// such prefix as `cached_tokens`. Entries live for a configured time after their last use and are scoped by
/// model and `prompt_cache_key`.
final class OpenAIPromptCache: Sendable {
    private let entries = Mutex<ExpiringPrefixes>(ExpiringPrefixes())

    /// The cached tokens for a prompt with these prefix `boundaries`, then remembers them all.
    func account(boundaries: [(tokens: Int, hash: UInt64)], lifetime: TimeInterval, now: Date) -> Int {
        entries.withLock { entries in
            entries.purgeOccasionally(now: now)
            var cached = 0
            for boundary in boundaries.reversed() where (entries[boundary.hash] ?? .distantPast) > now {
                cached = boundary.tokens
                break
            }
            let expiry = now.addingTimeInterval(lifetime)
            for boundary in boundaries { entries[boundary.hash] = expiry }
            return cached
        }
    }
}
