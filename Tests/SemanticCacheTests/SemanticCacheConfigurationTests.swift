import LLMCore
import SemanticCache
import Testing

@Suite("Semantic cache configuration")
struct SemanticCacheConfigurationTests {
    @Test("the defaults are the documented ones")
    func defaults() {
        let configuration = SemanticCacheConfiguration()
        #expect(configuration.enabled)
        #expect(configuration.policy == .bounded(maxWrongHitRate: SemanticCacheConfiguration.defaultMaxWrongHitRate))
        #expect(SemanticCacheConfiguration.defaultMaxWrongHitRate == 0.01)
        #expect(configuration.calibration == .shipped)
        #expect(configuration.bounded == BoundedPolicySettings())
        #expect(configuration.judge == .embedding(minimumSimilarity: 0.9))
        #expect(configuration.candidates == 3)
        #expect(configuration.embeddingTimeout == .seconds(2))
        #expect(configuration.modelFamilies.isEmpty)
        #expect(!configuration.cacheNonDeterministic)
    }

    @Test("each parameter lands in its property")
    func memberwise() {
        let bounded = BoundedPolicySettings(seed: 7)
        let configuration = SemanticCacheConfiguration(
            enabled: false, policy: .guarded(threshold: 0.9), guards: .standard, calibration: nil, bounded: bounded,
            judge: .normalizedText, candidates: 5, embeddingTimeout: .milliseconds(300),
            modelFamilies: ["claude-haiku-4-5-20251001": "claude-haiku-4-5"], cacheNonDeterministic: true)
        #expect(!configuration.enabled)
        #expect(configuration.policy == .guarded(threshold: 0.9))
        #expect(configuration.calibration == nil)
        #expect(configuration.bounded.seed == 7)
        #expect(configuration.judge == .normalizedText)
        #expect(configuration.candidates == 5)
        #expect(configuration.embeddingTimeout == .milliseconds(300))
        #expect(configuration.family(of: "claude-haiku-4-5-20251001") == "claude-haiku-4-5")
        #expect(configuration.cacheNonDeterministic)
    }

    @Test("a threshold policy given to the initialiser is what setting threshold selects")
    func thresholdPolicy() {
        var set = SemanticCacheConfiguration()
        set.threshold = 0.85
        let given = SemanticCacheConfiguration(policy: .threshold(0.85))
        #expect(set.policy == given.policy)
        #expect(given.threshold == 0.85)
    }

    @Test("bounded-policy settings: the defaults are the documented ones, and each parameter lands")
    func boundedSettings() {
        let defaults = BoundedPolicySettings()
        #expect(defaults.confidenceZ == 1.645)
        #expect(defaults.priorLookups == 2_000)
        #expect(defaults.priorLabels == 5_000)
        #expect(defaults.densityHorizon == 5_000)
        #expect(defaults.scopeStrength == 3)
        #expect(defaults.explorationRate == 0.02)
        #expect(defaults.verificationRate == 0.25)
        #expect(defaults.band == 0.02)
        #expect(defaults.labelsForConfidence == 200)
        #expect(defaults.seed == 0x5EED)
        let given = BoundedPolicySettings(
            confidenceZ: 2.33, priorLookups: 10, priorLabels: 20, densityHorizon: 30, scopeStrength: 4,
            explorationRate: 0, verificationRate: 1, band: 0.05, labelsForConfidence: 50, seed: 1)
        #expect(given.confidenceZ == 2.33)
        #expect(given.priorLookups == 10)
        #expect(given.priorLabels == 20)
        #expect(given.densityHorizon == 30)
        #expect(given.scopeStrength == 4)
        #expect(given.explorationRate == 0)
        #expect(given.verificationRate == 1)
        #expect(given.band == 0.05)
        #expect(given.labelsForConfidence == 50)
        #expect(given.seed == 1)
        #expect(BoundedPolicySettings(seed: 1) != defaults)
    }
}
