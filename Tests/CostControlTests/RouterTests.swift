import CostControl
import Foundation
import Testing

@Suite("Router")
struct RouterTests {
    static func router() throws -> ModelRouter {
        let pricing = try TestData.pricing()
        return ModelRouter(
            config: try RoutingConfig.load(contentsOf: TestData.routingURL, pricing: pricing), pricing: pricing)
    }

    static let cases: [(String, RoutingTask, String, RoutingTier?, String)] = [
        ("short extraction", RoutingTask(inputCharacters: 400, itemCount: 3), "claude-haiku-4-5", .cheap, "simple"),
        ("just under the length threshold", RoutingTask(inputCharacters: 9_999), "claude-haiku-4-5", .cheap, "simple"),
        ("long input", RoutingTask(inputCharacters: 10_000), "claude-sonnet-4-5", .standard, "long_input"),
        ("29 items", RoutingTask(inputCharacters: 100, itemCount: 29), "claude-haiku-4-5", .cheap, "simple"),
        ("30 items", RoutingTask(inputCharacters: 100, itemCount: 30), "claude-sonnet-4-5", .standard, "many_items"),
        (
            "deep reasoning", RoutingTask(inputCharacters: 50, deepReasoning: true), "claude-opus-4-5", .premium,
            "deep_reasoning"
        ),
        (
            "deep reasoning beats long input", RoutingTask(inputCharacters: 50_000, deepReasoning: true),
            "claude-opus-4-5",
            .premium, "deep_reasoning"
        ),
        (
            "forced model beats everything",
            RoutingTask(inputCharacters: 50_000, itemCount: 99, deepReasoning: true, forcedModel: "gpt-4.1-nano"),
            "gpt-4.1-nano", nil, "forced"
        ),
        (
            "forced snapshot resolves to its row", RoutingTask(forcedModel: "claude-sonnet-4-5-20250929"),
            "claude-sonnet-4-5", nil, "forced"
        ),
    ]

    @Test("tiers and forced models", arguments: cases)
    func routes(name: String, task: RoutingTask, model: String, tier: RoutingTier?, reason: String) throws {
        let decision = try Self.router().route(task)
        #expect(decision.model == model, "\(name)")
        #expect(decision.tier == tier, "\(name)")
        #expect(decision.reason.key == reason, "\(name)")
    }

    @Test("decisions are counted")
    func counting() throws {
        let router = try Self.router()
        _ = try router.route(RoutingTask(inputCharacters: 10))
        _ = try router.route(RoutingTask(inputCharacters: 10))
        _ = try router.route(RoutingTask(text: String(repeating: "x", count: 12_000)))
        #expect(router.counts.byReason == ["simple": 2, "long_input": 1])
        #expect(router.counts.byModel == ["claude-haiku-4-5": 2, "claude-sonnet-4-5": 1])
    }

    @Test("a forced model without a price is refused")
    func forcedUnknown() throws {
        #expect(throws: UnknownModelError.self) { try Self.router().route(RoutingTask(forcedModel: "mystery-model")) }
    }

    @Test(
        "bad routing files are refused at load",
        arguments: [
            (
                #"{"tiers": {"cheap": "claude-haiku-4-5", "standard": "claude-sonnet-4-5", "premium": "gpt-99"}}"#,
                "gpt-99", "tiers.premium"
            ),
            (#"{"tiers": {"cheap": "claude-haiku-4-5", "standard": "claude-sonnet-4-5"}}"#, nil, "tiers.premium"),
            (#"{"tiers": {"cheap": "a", "standard": "b", "premium": "c", "luxury": "d"}}"#, nil, "tiers.luxury"),
            (#"{"tiers": "#, nil, nil),
        ])
    func badRouting(json: String, model: String?, field: String?) throws {
        let pricing = try TestData.pricing()
        let error = #expect(throws: PricingFileError.self) {
            try RoutingConfig.parse(Data(json.utf8), source: "routing.json", pricing: pricing)
        }
        #expect(error?.file == "routing.json")
        #expect(error?.model == model)
        #expect(error?.field == field)
    }
}
