// The everyday types come with `import LLMCache`: the request and response vocabulary, the SQLite store and
// the storage contract, the semantic layer and its embedders, budgets and pricing, prompt caching, and the
// provider transports. `PostgresStore` (which links the PostgreSQL driver) and the proxy are imported on
// their own.
@_exported import CacheStorage
@_exported import CostControl
@_exported import Embeddings
@_exported import LLMCore
@_exported import PromptCaching
@_exported import Providers
@_exported import SQLiteStore
@_exported import SemanticCache
