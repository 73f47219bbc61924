import CostControl
import Foundation
import Testing

@Suite("Rate buckets")
struct RateBucketsTests {
    static func draw(_ key: String, capacity: Double = 10, refill: Double = 1, amount: Double = 1) -> RateBucketDraw {
        RateBucketDraw(key: key, capacity: capacity, refillPerSecond: refill, amount: amount)
    }

    @Test("a new bucket is full; a take lowers it; a refill brings it back up to the capacity, never over")
    func refill() {
        var buckets = RateBuckets()
        #expect(buckets.take([Self.draw("a", amount: 10)], at: 100) == .taken)
        #expect(buckets.levels["a"] == RateBucketLevel(level: 0, filledAt: 100, fullAt: 110))
        #expect(buckets.take([Self.draw("a")], at: 100) == .short(index: 0, wait: .seconds(1)))
        #expect(buckets.take([Self.draw("a", amount: 3)], at: 103) == .taken)
        #expect(buckets.take([Self.draw("a", amount: 10)], at: 1_000) == .taken, "refilled to 10, not more")
        #expect(buckets.take([Self.draw("a")], at: 1_000) == .short(index: 0, wait: .seconds(1)))
    }

    @Test("several draws are taken all or none; the wait is the longest, the index the first short draw")
    func allOrNone() {
        var buckets = RateBuckets()
        #expect(buckets.take([Self.draw("a", amount: 9)], at: 0) == .taken)
        let before = buckets
        let outcome = buckets.take(
            [Self.draw("b"), Self.draw("a", amount: 2), Self.draw("c", capacity: 4, refill: 0.5, amount: 4)], at: 0)
        #expect(outcome == .short(index: 1, wait: .seconds(1)))
        #expect(buckets == before, "nothing was taken from b or c")
        #expect(buckets.take([Self.draw("a", amount: 2), Self.draw("b", amount: 10)], at: 1) == .taken)
        let both = buckets.take([Self.draw("a", amount: 3), Self.draw("b", refill: 0.25, amount: 1)], at: 1)
        #expect(both == .short(index: 0, wait: .seconds(4)), "b at 0 refills 1 in 4 s, a in 3 s")
    }

    @Test("draws on one key take one after the other from one bucket")
    func sameKey() {
        var buckets = RateBuckets()
        #expect(
            buckets.take([Self.draw("a", amount: 6), Self.draw("a", amount: 6)], at: 0)
                == .short(index: 1, wait: .seconds(2)))
        #expect(buckets.take([Self.draw("a", amount: 5), Self.draw("a", amount: 5)], at: 0) == .taken)
        #expect(buckets.levels["a"]?.level == 0)
    }

    @Test("a clock that goes back refills nothing and keeps the later fill time")
    func clockBack() {
        var buckets = RateBuckets()
        #expect(buckets.take([Self.draw("a", amount: 10)], at: 50) == .taken)
        #expect(buckets.take([Self.draw("a")], at: 20) == .short(index: 0, wait: .seconds(1)))
        #expect(buckets.take([Self.draw("a")], at: 51) == .taken)
        #expect(buckets.levels["a"]?.filledAt == 51)
    }

    @Test("a draw bigger than the bucket, or on a bucket that never refills, waits the longest wait")
    func neverFits() {
        var buckets = RateBuckets()
        #expect(buckets.take([Self.draw("a", amount: 11)], at: 0) == .short(index: 0, wait: RateBuckets.longestWait))
        #expect(buckets.take([Self.draw("b", refill: 0, amount: 10)], at: 0) == .taken)
        #expect(buckets.levels["b"]?.fullAt == .greatestFiniteMagnitude, "never full again")
        #expect(buckets.take([Self.draw("b", refill: 0)], at: 1e9) == .short(index: 0, wait: RateBuckets.longestWait))
        let odd = RateBucketDraw(key: "c", capacity: .nan, refillPerSecond: -1, amount: .infinity)
        #expect(odd.capacity == 0 && odd.refillPerSecond == 0 && odd.amount == 0)
    }

    @Test("full buckets are forgotten: a missing bucket is full, so nothing changes")
    func forgetFull() {
        var buckets = RateBuckets()
        #expect(buckets.take([Self.draw("a", amount: 10), Self.draw("b", amount: 1)], at: 0) == .taken)
        buckets.forgetFull(at: 1)
        #expect(buckets.levels.keys.sorted() == ["a"], "b was full again after 1 s")
        #expect(buckets.take([Self.draw("b", amount: 10)], at: 1) == .taken)
    }
}
