import Hummingbird
import WireFormats

/// The model-call routes: Anthropic Messages and OpenAI Chat Completions through the caches, and a call the
/// caches cannot hold passed through as sent.
struct ModelCallRoutes: Sendable {
    let service: ProxyService
    let passThrough: PassThroughRoutes

    func register(on router: Router<ProxyRequestContext>) {
        for (route, dialect) in [
            (ProxyService.messagesRoute, WireDialect.anthropic), (ProxyService.chatRoute, .openAI),
        ] {
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
