import HTTPTypes
import Hummingbird
import LLMCore
import Providers

/// The API key a caller presented: Anthropic's `x-api-key`, or the bearer token of `Authorization`.
///
/// The key lives only for its request: it goes upstream (when keys are forwarded) through a task-local
/// value, and the cache sees only its digest, as the namespace. It is never logged or stored.
struct CallerKey: Sendable {
    /// The presented secret.
    let secret: String

    /// The key in `request`'s headers, or `nil` when it presents none.
    init?(_ request: Request) {
        if let key = request.headers.value(named: CallerKey.apiKeyField), !key.isEmpty {
            secret = key
        } else if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer "),
            authorization.count > "Bearer ".count
        {
            secret = String(authorization.dropFirst("Bearer ".count))
        } else {
            return nil
        }
    }

    /// The namespace of this key's entries: a digest of the key, so that no key's entries are served to
    /// another and the key itself is never stored.
    var namespace: String {
        "key-" + String(CacheKey.hexDigest(Array(("llmcache-tenant\u{0}" + secret).utf8)).prefix(32))
    }

    /// The key as the transports take it.
    var apiKey: APIKey { APIKey(secret) }

    static let apiKeyField = "x-api-key"
}
