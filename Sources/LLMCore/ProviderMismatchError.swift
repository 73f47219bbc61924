/// A request whose provider does not fit the transport it was sent through: it names another provider, or
/// neither the request nor the transport names one. Sending it would key, store, price and route its answer
/// under a provider that did not give it, so it is refused before any lookup or call.
public struct ProviderMismatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider the request names; `nil` when it names none.
    public let requested: ProviderID?
    /// The provider the transport calls; `nil` for a transport that carries several providers' calls.
    public let transport: ProviderID?
    /// The request's model.
    public let model: String

    /// The error for a request naming `requested` (or none) sent through a transport for `transport` (or
    /// for several providers).
    public init(requested: ProviderID?, transport: ProviderID?, model: String) {
        self.requested = requested
        self.transport = transport
        self.model = model
    }

    public var description: String {
        switch (requested, transport) {
        case (let requested?, let transport?):
            "the request for model '\(model)' names provider '\(requested)', but it was sent through a transport "
                + "for '\(transport)'; leave LLMRequest.provider unset (nil) to use the transport's provider, or "
                + "send the request through a transport for '\(requested)'"
        default:
            "the request for model '\(model)' names no provider, and nothing chose one; set LLMRequest.provider "
                + "(for example .anthropic or .openAI), or send it through a provider's transport, which fills in "
                + "its own"
        }
    }
}
