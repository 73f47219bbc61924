import CostControl
import Foundation
import Hummingbird
import LLMCache
import Logging
import ServerHosting
import Synchronization
import Testing

@Suite("Budget alerts posted to a webhook")
struct WebhookAlertSinkTests {
    static let alert = BudgetAlert(
        cap: .daily, soft: false, threshold: 0.8, level: MicroDollars(800), limit: MicroDollars(1_000),
        spent: MicroDollars(812), scope: "day:2026-12-01", at: Date(timeIntervalSince1970: 1_780_000_000))

    static var quiet: Logger {
        var logger = Logger(label: "test.webhook")
        logger.logLevel = .critical
        return logger
    }

    @Test("an alert is posted as JSON; a failing answer is retried until the webhook takes it")
    func postedAndRetried() async throws {
        let bodies = Mutex<[String]>([])
        let router = Router()
        router.post("/alerts") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            let count = bodies.withLock { list in
                list.append(String(buffer: body))
                return list.count
            }
            return count == 1 ? .internalServerError : .ok
        }
        let host = ServerHost(name: "webhook", logger: Self.quiet)
        let port = try await host.start(router: router, host: "127.0.0.1", port: 0)
        defer { Task { await host.stop() } }
        let sink = WebhookAlertSink(
            url: "http://127.0.0.1:\(port)/alerts", attempts: 3, backoff: .milliseconds(10), logger: Self.quiet)
        await sink.deliver(Self.alert)
        #expect(await sink.delivered == 1)
        #expect(await sink.failed == 0)
        let received = bodies.withLock { $0 }
        #expect(received.count == 2, "the 500 was retried once")
        let json = try JSONSerialization.jsonObject(with: Data((received.last ?? "").utf8)) as? [String: Any]
        #expect(json?["cap"] as? String == "daily")
        #expect(json?["level_micros"] as? Int == 800)
        #expect(json?["spent_micros"] as? Int == 812)
        #expect(json?["scope"] as? String == "day:2026-12-01")
        #expect((json?["at"] as? String)?.hasSuffix("Z") == true)
        await host.stop()
    }

    @Test("a dead webhook is given up on after its attempts, and a gate's calls never wait for it")
    func deadWebhook() async throws {
        // A port nothing listens on: take a free one and stop listening.
        let host = ServerHost(name: "closed", logger: Self.quiet)
        let port = try await host.start(router: Router(), host: "127.0.0.1", port: 0)
        await host.stop()
        let sink = WebhookAlertSink(
            url: "http://127.0.0.1:\(port)/alerts", attempts: 2, backoff: .milliseconds(10), logger: Self.quiet)
        await sink.deliver(Self.alert)
        #expect(await sink.failed == 1)
        #expect(await sink.delivered == 0)

        let slow = WebhookAlertSink(
            url: "http://127.0.0.1:\(port)/alerts", attempts: 50, backoff: .seconds(1), logger: Self.quiet)
        let gate = BudgetGate(limits: BudgetLimits(runCap: .cents(1), alertThresholds: [1.0]), alertSinks: [slow])
        let started = ContinuousClock.now
        let reservation = try await gate.reserve(.cents(1))
        await gate.settle(
            reservation,
            with: CostRecord(model: "m", provider: .anthropic, usage: .init(), cost: .cents(1), timestamp: Date()))
        #expect(ContinuousClock.now - started < .seconds(2), "the settlement did not wait for the webhook")
        #expect(await gate.raisedAlerts == ["run/100%": 1])
    }
}
