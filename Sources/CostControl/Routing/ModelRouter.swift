import Foundation
import LLMCore
import Logging

/// Picks the cheapest tier that fits a task, in this order:
/// 1. a forced model wins (it must have a price);
/// 2. deep reasoning → premium;
/// 3. input ≥ `long_input_characters` or items ≥ `many_items` → standard;
/// 4. otherwise → cheap.
///
/// Every decision is logged and counted; ``counts`` reads the counters.
public final class ModelRouter: Sendable {
    /// The configuration in use.
    public let config: RoutingConfig
    private let pricing: PricingTable
    private let logger: Logger
    private let counter = DecisionCounter()

    /// A router over `config`'s tiers; forced models are checked against `pricing`.
    public init(config: RoutingConfig, pricing: PricingTable, logger: Logger = Logger(label: "llmcache.cost.router")) {
        self.config = config
        self.pricing = pricing
        self.logger = logger
    }

    /// Chooses a model for `task`. Throws ``UnknownModelError`` for a forced model without a price.
    public func route(_ task: RoutingTask) throws -> RoutingDecision {
        let decision: RoutingDecision
        if let forced = task.forcedModel {
            guard let row = pricing.resolve(forced) else {
                throw UnknownModelError(model: forced, pricingFile: pricing.source)
            }
            decision = RoutingDecision(model: row.id, tier: nil, reason: .forced)
        } else if task.deepReasoning {
            decision = decide(.premium, .deepReasoning)
        } else if task.inputCharacters >= config.longInputCharacters {
            decision = decide(
                .standard, .longInput(characters: task.inputCharacters, threshold: config.longInputCharacters))
        } else if task.itemCount >= config.manyItems {
            decision = decide(.standard, .manyItems(count: task.itemCount, threshold: config.manyItems))
        } else {
            decision = decide(.cheap, .simple)
        }
        counter.count(decision)
        logger.debug(
            "routed",
            metadata: [
                "model": "\(decision.model)", "tier": "\(decision.tier?.rawValue ?? "forced")",
                "reason": "\(decision.reason)",
            ])
        return decision
    }

    /// The provider of `model`, from the pricing table; `nil` for a model without a price.
    public func provider(of model: String) -> ProviderID? {
        pricing.resolve(model)?.provider
    }

    /// How many decisions were made, by reason key and by model.
    public var counts: (byReason: [String: Int], byModel: [String: Int]) { counter.snapshot() }

    private func decide(_ tier: RoutingTier, _ reason: RoutingDecision.Reason) -> RoutingDecision {
        // `RoutingConfig` guarantees every tier has a model; the fallback keeps this total.
        RoutingDecision(model: config.models[tier] ?? "", tier: tier, reason: reason)
    }
}

/// Decision counters shared by every caller of one router.
///
/// `@unchecked Sendable` is sound here: the two dictionaries are private and only read or written while
/// `lock` is held, so no two threads ever touch them at once.
private final class DecisionCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var byReason: [String: Int] = [:]
    private var byModel: [String: Int] = [:]

    func count(_ decision: RoutingDecision) {
        lock.lock()
        defer { lock.unlock() }
        byReason[decision.reason.key, default: 0] += 1
        byModel[decision.model, default: 0] += 1
    }

    func snapshot() -> (byReason: [String: Int], byModel: [String: Int]) {
        lock.lock()
        defer { lock.unlock() }
        return (byReason, byModel)
    }
}
