import Hummingbird
import WireFormats

/// The model-call routes: Anthropic Messages, OpenAI Chat Completions and OpenAI Responses through the
/// caches, and a call the caches cannot hold passed through as sent.
struct ModelCallRoutes: Sendable {
    let service: ProxyService
    let passThrough: PassThroughRoutes

    func register(on router: Router<ProxyRequestContext>) {
        let routes: [(String, WireDialect)] = [
            (ProxyService.messagesRoute, .anthropic), (ProxyService.chatRoute, .openAI),
            (ProxyService.responsesRoute, .openAI),
        ]
        for (route, dialect) in routes {
            router.post(RouterPath(stringLiteral: route)) { request, _ in
                do {
                    return try await service.handle(request, dialect: dialect, route: route)
                } catch let uncached as UncachedCall {
                    return await passThrough.relay(uncached, like: request, dialect: dialect, route: route)
                }
            }
        }
    }
}
