import CostControl
import Testing

@Suite("Budget refusals say what to do")
struct BudgetRefusalAdviceTests {
    static func refusal(_ cap: BudgetExceededError.Cap) -> BudgetExceededError {
        BudgetExceededError(cap: cap, spent: .cents(90), reserved: .zero, limit: .dollars(1), estimate: .cents(20))
    }

    @Test("each cap names the setting that moves it, after the figures")
    func advicePerCap() {
        let perRequest = Self.refusal(.perRequest).description
        #expect(perRequest.hasPrefix("per-request budget exceeded: spent $0.90"))
        #expect(perRequest.contains("BudgetLimits.perRequestMax"))
        #expect(perRequest.contains("max tokens"), "the estimate's assumption, and the way to lower it")
        #expect(Self.refusal(.daily).description.contains("BudgetLimits.dailyCap"))
        #expect(Self.refusal(.daily).description.contains("00:00 UTC"))
        #expect(Self.refusal(.run).description.contains("BudgetLimits.runCap"))
        let kill = Self.refusal(.killSwitch).description
        #expect(kill.hasPrefix("budget kill switch is engaged"))
        #expect(kill.contains("disengageKillSwitch()"))
        #expect(!kill.contains("max tokens"), "the estimate does not matter to the kill switch")
    }
}
