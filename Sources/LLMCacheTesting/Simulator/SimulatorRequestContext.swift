import Hummingbird
import NIOCore

/// The request context of the simulator's routes: Hummingbird's core context plus the connection, so that a
/// fault can drop it.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Request bodies up to 64 MiB (images travel inline).
    var maxUploadSize: Int { 64 * 1024 * 1024 }
}
