import Dispatch
import Foundation

/// Waiting for SIGINT or SIGTERM, for commands that run a server until told to stop.
enum TerminationSignals {
    /// Returns when the process receives SIGINT or SIGTERM (the default handlers are replaced meanwhile).
    static func wait() async {
        let (stops, continuation) = AsyncStream<Void>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            sources.append(source)
        }
        for await _ in stops { break }
        for source in sources { source.cancel() }
    }
}
