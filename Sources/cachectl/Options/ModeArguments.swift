import ArgumentParser
import LLMCache
import LLMCacheServer
import SemanticCache

// The modes `cachectl` flags take, parsed from their raw values (the spelling of the configuration file);
// a wrong value is refused with the list of right ones. The conformances live here because only this
// executable parses them from a command line.

extension CacheMode: ExpressibleByArgument {}
extension StoreFailurePolicy: ExpressibleByArgument {}
extension ProxyConfiguration.KeySource: ExpressibleByArgument {}
extension ProxyConfiguration.SemanticMode: ExpressibleByArgument {}
extension SemanticIndex.Scan: ExpressibleByArgument {}
