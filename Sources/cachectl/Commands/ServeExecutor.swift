import ArgumentParser
import NIOCore
import NIOPosix

/// Where `cachectl serve` runs its tasks (`--executor`).
///
/// On the event loops (the default), the handler of a request, the store's actor and the writing of the
/// answer share the threads that read and write the connections, so a cache hit is not handed between
/// those threads and Swift's own pool on its way through the proxy. A step that blocks (an SQLite write, an
/// embedding) then holds one event loop's connections while it runs, as it would hold one of the pool's
/// threads otherwise.
enum ServeExecutor: String, ExpressibleByArgument, Sendable {
    /// SwiftNIO's event loops serve as Swift Concurrency's global executor.
    case eventLoops = "event-loops"
    /// Swift Concurrency's own pool, with the event loops beside it.
    case swiftPool = "swift-pool"

    /// Makes the event loops Swift Concurrency's global executor, when chosen. Call it once, from the main
    /// thread, before the command starts any task. Returns whether they were installed.
    @discardableResult
    func install() -> Bool {
        guard self == .eventLoops else { return false }
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
