import CostControl
import Foundation
import LLMCacheServer
import LLMCore
import Testing

@Suite("Proxy: budget caps per cost tag in the configuration file")
struct ProxyTagCapsConfigurationTests {
    static func decode(_ json: String) throws -> ProxyConfigurationFile {
        try ProxyConfigurationFile.decode(Data(json.utf8), source: "proxy.json")
    }

    @Test("budget.tag_caps sets each tag's daily, run and soft caps")
    func tagCaps() throws {
        var configuration = ProxyConfiguration()
        #expect(configuration.budget.tagCaps.isEmpty)
        try Self.decode(
            #"{"budget": {"daily_usd": "5", "tag_caps": {"feature=search": {"daily_usd": "1.50", "run_usd": 0.5, "soft_daily_usd": "1"}, "purpose=cache-judge": {"soft_run_usd": "0.25"}}}}"#
        ).apply(to: &configuration, environment: [:])
        #expect(configuration.budget.dailyCap == .dollars(5))
        #expect(
            configuration.budget.tagCaps == [
                CostTag(key: "feature", value: "search"): TagCaps(
                    dailyCap: .cents(150), runCap: .cents(50), softDailyCap: .dollars(1)),
                CostTag(key: "purpose", value: "cache-judge"): TagCaps(softRunCap: .cents(25)),
            ])
    }

    @Test("a tag that is not key=value, an unknown key, an amount that is not dollars, or an empty entry is refused")
    func errors() {
        for (json, words) in [
            (#"{"budget": {"tag_caps": {"search": {"daily_usd": "1"}}}}"#, ["budget.tag_caps", "key=value"]),
            (#"{"budget": {"tag_caps": {"=search": {"daily_usd": "1"}}}}"#, ["budget.tag_caps", "non-empty key"]),
            (
                #"{"budget": {"tag_caps": {"feature=search": {"daily": "1"}}}}"#,
                ["'budget.tag_caps.feature=search.daily'", "daily_usd"]
            ),
            (#"{"budget": {"tag_caps": {"feature=search": {"daily_usd": "lots"}}}}"#, ["daily_usd", "US dollars"]),
            (#"{"budget": {"tag_caps": {"feature=search": {}}}}"#, ["budget.tag_caps", "at least one of daily_usd"]),
            (#"{"budget": {"tag_caps": ["feature=search"]}}"#, ["budget.tag_caps"]),
        ] {
            let error = #expect(throws: ProxyConfigurationError.self, "\(json)") { try Self.decode(json) }
            for word in words {
                #expect(error?.message.contains(word) == true, "\(json): \(error?.message ?? "")")
            }
        }
    }

    @Test("a tag's cap refuses in the proxy's words, naming the tag and what to change")
    func refusalMessage() {
        let refusal = BudgetExceededError(
            cap: .tagDaily, spent: .cents(90), reserved: .cents(5), limit: .dollars(1), estimate: .cents(10),
            tag: CostTag(key: "feature", value: "search"))
        #expect(refusal.description.hasPrefix("daily budget of cost tag feature=search exceeded: spent $0.90"))
        #expect(refusal.description.contains("budget.tag_caps"))
        #expect(refusal.description.contains("calls without the tag are not affected"))
    }
}
