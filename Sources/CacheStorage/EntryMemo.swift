import Foundation
import Synchronization

/// Values worked out from stored entries (a decoded answer, a written body), kept for the entries this
/// process served most recently, so that serving an entry again does not repeat the work.
///
/// Each value is kept with the stored bytes it was worked out from and is given back only for the same
/// entry with the very same bytes: an entry replaced, purged or written by another process is worked out
/// afresh, so a kept value always matches what the store holds. Bounded by `capacity` values and `byteLimit`
/// bytes (as each value's `size` counts them); the oldest go first.
package final class EntryMemo<Value: Sendable>: Sendable {
    /// The most values kept.
    package let capacity: Int
    /// The most bytes kept, over all values.
    package let byteLimit: Int

    private struct Kept: Sendable {
        var bytes: Data
        var value: Value
        var size: Int
    }

    private struct State: Sendable {
        var kept: [Int64: Kept] = [:]
        /// Entry ids in the order they were kept, oldest first; `head` is the first still in use.
        var order: [Int64] = []
        var head = 0
        var bytes = 0
    }

    private let state = Mutex(State())

    /// A memo of at most `capacity` values and `byteLimit` bytes.
    package init(capacity: Int = 4096, byteLimit: Int = 16 << 20) {
        self.capacity = max(capacity, 1)
        self.byteLimit = max(byteLimit, 0)
    }

    /// The value kept for entry `id` when it was worked out from `bytes`, or `nil`.
    package func value(id: Int64, bytes: Data) -> Value? {
        guard let kept = state.withLock({ $0.kept[id] }), Self.same(kept.bytes, bytes) else { return nil }
        return kept.value
    }

    /// Whether `a` and `b` hold the same bytes, compared as memory (`Data`'s `==` goes through a generic
    /// element-by-element path that showed in a profile of a hit).
    private static func same(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { left in
            b.withUnsafeBytes { right in
                guard let first = left.baseAddress, let second = right.baseAddress else { return true }
                return memcmp(first, second, left.count) == 0
            }
        }
    }

    /// The kept value for entry `id` and `bytes`, or the one `make` works out (then kept).
    package func value(id: Int64, bytes: Data, _ make: () throws -> Value, size: (Value) -> Int) rethrows -> Value {
        if let kept = value(id: id, bytes: bytes) { return kept }
        let value = try make()
        keep(value, id: id, bytes: bytes, size: size(value))
        return value
    }

    /// Keeps `value`, worked out from `bytes` of entry `id`, counted as `size` bytes; a value larger than a
    /// sixteenth of the limit is not kept.
    package func keep(_ value: Value, id: Int64, bytes: Data, size: Int) {
        guard size <= byteLimit / 16 else { return }
        state.withLock { state in
            if let previous = state.kept.updateValue(Kept(bytes: bytes, value: value, size: size), forKey: id) {
                state.bytes -= previous.size
            } else {
                state.order.append(id)
            }
            state.bytes += size
            while state.kept.count > capacity || state.bytes > byteLimit, state.head < state.order.count {
                let oldest = state.order[state.head]
                state.head += 1
                if let removed = state.kept.removeValue(forKey: oldest) { state.bytes -= removed.size }
            }
            if state.head > capacity {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
    }

    /// How many values are kept.
    package var count: Int { state.withLock { $0.kept.count } }
}
