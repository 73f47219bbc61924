import LLMCore
import Testing

@Suite("Nearest-rank percentiles")
struct NearestRankTests {
    @Test("the value at rank ⌈p·n/100⌉, in whole numbers")
    func ranks() {
        let twenty = Array(1...20)
        #expect(NearestRank.percentile(95, of: twenty) == 19)
        #expect(NearestRank.percentile(50, of: twenty) == 10)
        #expect(NearestRank.percentile(100, of: twenty) == 20)
        #expect(NearestRank.percentile(0, of: twenty) == 1)
        #expect(NearestRank.percentile(99, of: [7]) == 7)
        #expect(NearestRank.percentile(50, of: [Int]()) == nil)
        #expect(NearestRank.percentile(250, of: twenty) == 20)
    }
}
