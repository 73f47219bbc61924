/// What one protocol run measured: the metrics per threshold and the timing of each search call.
public struct ProtocolOutcome: Sendable {
    /// One entry per threshold, ascending.
    public var metrics: [ThresholdMetrics]
    /// The time of each search call.
    public var lookupTimes: [Duration]
    /// Queries per search call (1 for single lookups).
    public var lookupBatchSize: Int
    /// Entries the cache held while queried ("pairs"), or `nil` when it changes during the run ("stream").
    public var cachedTexts: Int?
    /// Every wrong hit at the run's example threshold, if it had one.
    public var wrongHits: [WrongHit]

    /// An outcome with the given parts.
    public init(
        metrics: [ThresholdMetrics], lookupTimes: [Duration], lookupBatchSize: Int, cachedTexts: Int?,
        wrongHits: [WrongHit] = []
    ) {
        self.metrics = metrics
        self.lookupTimes = lookupTimes
        self.lookupBatchSize = lookupBatchSize
        self.cachedTexts = cachedTexts
        self.wrongHits = wrongHits
    }
}
