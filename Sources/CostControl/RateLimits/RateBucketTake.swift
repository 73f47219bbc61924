/// The answer to taking draws from token buckets: all taken, or none, with the first bucket short and how
/// long until every bucket would have room.
public enum RateBucketTake: Sendable, Hashable {
    /// Every draw was taken.
    case taken
    /// Nothing was taken: the draw at `index` (of the draws asked) had no room, and `wait` is how long until
    /// every draw would fit if nobody else took anything (at most a day; a day when a draw can never fit).
    case short(index: Int, wait: Duration)
}
