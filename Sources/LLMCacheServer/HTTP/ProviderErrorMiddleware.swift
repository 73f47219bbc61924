import HTTPTypes
import Hummingbird
import WireFormats

/// Turns the router's own errors (unknown route, wrong method, unreadable body) into errors in the
/// provider format the caller most likely speaks: Anthropic's when the path or headers are Anthropic's,
/// OpenAI's otherwise. Each is counted in the metrics, under its route when the path is one of the proxy's,
/// and under `unmatched` otherwise (a caller-chosen path never becomes a label).
struct ProviderErrorMiddleware: RouterMiddleware {
    typealias Context = ProxyRequestContext

    let metrics: ProxyMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            var status = Int(error.status.code)
            let message: String
            let postRoutes = [ProxyService.messagesRoute, ProxyService.chatRoute]
            if status == 404, request.method != .post, postRoutes.contains(request.uri.path) {
                // The router does not tell a known path with another method from an unknown path.
                status = 405
            }
            switch status {
            case 404:
                message =
                    "unknown route \(request.method.rawValue) \(request.uri.path); this proxy serves POST "
                    + "/v1/messages, POST /v1/chat/completions, passes every other /v1 route to the provider, and "
                    + "serves GET /healthz, GET /metrics and the /admin routes"
            case 405: message = "\(request.method.rawValue) is not allowed on \(request.uri.path); send POST"
            case 413: message = "the request body is larger than this proxy accepts"
            default: message = "the request failed with HTTP \(status)"
            }
            var failure = ProxyFailure(status: status, type: nil, message: message)
            if status == 405 { failure.headers = [("allow", "POST")] }
            let route = ProxyMetrics.knownRoutes.contains(request.uri.path) ? request.uri.path : "unmatched"
            metrics.request(route: route, status: status, cache: nil, seconds: ProxyService.seconds(since: started))
            return HTTPResponses.failure(failure, in: Self.dialect(of: request))
        }
    }

    /// The dialect a request most likely expects its errors in.
    static func dialect(of request: Request) -> WireDialect {
        WireDialect.likely(
            path: request.uri.path,
            hasAnthropicHeader: request.headers.value(named: CallerKey.apiKeyField) != nil
                || request.headers.value(named: "anthropic-version") != nil)
    }
}
