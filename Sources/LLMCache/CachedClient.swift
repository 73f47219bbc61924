import CacheStore
