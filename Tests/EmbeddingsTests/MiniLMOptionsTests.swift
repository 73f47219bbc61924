import Embeddings
import Foundation
import Testing

@Suite("MiniLM options")
struct MiniLMOptionsTests {
    @Test("the defaults are the documented ones, and each parameter lands in its property")
    func options() {
        let defaults = MiniLMEmbedder.Options()
        #expect(defaults.maximumBatchSize == 32)
        #expect(defaults.concurrentBatches == min(8, ProcessInfo.processInfo.activeProcessorCount))
        #expect(defaults.blasThreadCount == BLASThreading.recommendedThreadCount)
        let given = MiniLMEmbedder.Options(maximumBatchSize: 4, concurrentBatches: 2, blasThreadCount: nil)
        #expect(given.maximumBatchSize == 4)
        #expect(given.concurrentBatches == 2)
        #expect(given.blasThreadCount == nil)
    }
}
