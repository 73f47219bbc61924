// The everyday types come with `import LLMCache`: the request and response vocabulary, the SQLite store and
// the storage contract, the semantic layer and its embedders, budgets and pricing, prompt caching, the
// provider transports, and swift-log's `Logger` and `LoggingSystem` (which the `logger:` parameters take). `PostgresStore` (which links the PostgreSQL driver) and the proxy are imported on
// their own.
@_exported import CacheStorage
@_exported import CostControl
@_exported import Embeddings
@_exported import LLMCore
@_exported import Logging
@_exported import PromptCaching
@_exported import Providers
@_exported import SQLiteStore
@_exported import SemanticCache
