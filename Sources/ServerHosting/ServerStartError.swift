/// A server failed to start listening: the one start error of every server in LLMCache (the proxy, the
/// provider simulator and anything else run by ``ServerHost``).
public struct ServerStartError: Error, Sendable, CustomStringConvertible {
    /// What could not start, as the message names it ("the proxy", "the provider simulator").
    public let server: String
    /// Why.
    public let reason: String

    /// The error for `server`, failed because of `reason`.
    public init(server: String, reason: String) {
        self.server = server
        self.reason = reason
    }

    /// "`server` could not start: `reason`".
    public var description: String { "\(server) could not start: \(reason)" }
}
