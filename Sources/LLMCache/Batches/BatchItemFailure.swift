/// Why one item of a batch has no answer. Such an item is never stored; send it again (on its own or in
/// another batch) to get one.
public struct BatchItemFailure: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// What happened to the item.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The provider could not answer it (an invalid request, a server error).
        case errored
        /// The provider's completion window ran out before the item was processed.
        case expired
        /// The batch was cancelled before the item was processed.
        case canceled
        /// It was not sent: the token limits refused it.
        case refused
        /// The batch could not be submitted.
        case notSubmitted = "not_submitted"
        /// The provider reported no result for it.
        case missing
    }

    /// What happened.
    public var kind: Kind
    /// What the provider (or the client) said.
    public var message: String
    /// The HTTP status the provider gave the item, when it errored.
    public var status: Int?

    /// A failure of `kind`.
    public init(kind: Kind, message: String, status: Int? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
    }

    public var description: String {
        "batch item \(kind.rawValue)" + (status.map { " (\($0))" } ?? "") + (message.isEmpty ? "" : ": \(message)")
    }
}
