import AsyncHTTPClient
import CostControl
import Foundation
import LLMCore
import Logging
import NIOCore
import Providers

/// Posts each `BudgetAlert` as JSON to a webhook URL, retrying with backoff when the endpoint fails or
/// cannot be reached. A `BudgetGate` delivers in the background, so a slow or dead webhook never delays or
/// fails a call; an alert that still fails after every attempt is logged and counted.
///
/// The body is the alert's JSON: `cap` (`daily` or `run`), `soft`, `threshold` (the share of the cap, absent
/// for a soft cap), `level_micros`, `limit_micros`, `spent_micros`, `scope`, `at` (ISO 8601), and for a
/// cost tag's cap `tag` (`feature=search`).
public actor WebhookAlertSink: BudgetAlertSink {
    /// Where alerts are posted.
    public nonisolated let url: String
    /// How many times one alert is tried.
    public nonisolated let attempts: Int
    /// The wait before the second attempt; each later wait doubles.
    public nonisolated let backoff: Duration
    /// The longest one attempt may take.
    public nonisolated let timeout: Duration
    private let http: ProviderHTTPClient
    private let logger: Logger
    private var deliveredCount = 0
    private var failedCount = 0

    /// A sink posting to `url`.
    ///
    /// - Parameters:
    ///   - url: the webhook's address (`http` or `https`).
    ///   - attempts: how many times one alert is tried (at least one). Default: 5.
    ///   - backoff: the wait before the second attempt, doubling after each. Default: one second.
    ///   - timeout: the longest one attempt may take. Default: 10 seconds.
    ///   - http: the HTTP client. Default: the shared one.
    ///   - logger: where failed deliveries are logged.
    public init(
        url: String, attempts: Int = 5, backoff: Duration = .seconds(1), timeout: Duration = .seconds(10),
        http: ProviderHTTPClient = .shared, logger: Logger = Logger(label: "llmcache.cost.alerts")
    ) {
        self.url = url
        self.attempts = max(attempts, 1)
        self.backoff = backoff
        self.timeout = timeout
        self.http = http
        self.logger = logger
    }

    /// Alerts the webhook accepted (a 2xx answer).
    public var delivered: Int { deliveredCount }
    /// Alerts given up on after every attempt.
    public var failed: Int { failedCount }

    /// Posts `alert`, trying again after a failure or a non-2xx answer until ``attempts`` are used.
    public func deliver(_ alert: BudgetAlert) async {
        let body: Data
        do {
            body = try Self.encoder.encode(alert)
        } catch {
            failedCount += 1
            logger.warning("budget alert could not be encoded", metadata: ["error": "\(error)"])
            return
        }
        var wait = backoff
        for attempt in 1...attempts {
            let outcome = await post(body)
            if outcome == nil {
                deliveredCount += 1
                return
            }
            if attempt == attempts || Task.isCancelled {
                failedCount += 1
                logger.warning(
                    "budget alert webhook failed; the alert is dropped",
                    metadata: ["url": "\(url)", "attempts": "\(attempt)", "error": "\(outcome ?? "")"])
                return
            }
            try? await Task.sleep(for: wait)
            wait = wait * 2
        }
    }

    /// Posts `body` once; `nil` on a 2xx answer, else what went wrong.
    private func post(_ body: Data) async -> String? {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await http.client.execute(request, timeout: TimeAmount(timeout))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return (200..<300).contains(Int(response.status.code)) ? nil : "HTTP \(response.status.code)"
        } catch {
            return "\(error)"
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
