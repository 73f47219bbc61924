import LLMCore

/// The scope a semantic hit must share with the request: everything about a call except the text of its
/// last user turn.
///
/// Two requests are in one scope when they have the same namespace and the same
/// - provider, and model (or configured model family: `claude-sonnet-4-5` and its dated snapshot can share
///   one family so that a snapshot upgrade keeps the cache);
/// - system prompt, tools and tool choice;
/// - output-affecting parameters (max tokens, temperature, top-p, top-k, stop sequences, response format,
///   seed);
/// - every turn before the last user turn, with all their content blocks;
/// - every text block of the last user turn but its last one. A turn that carries a document and then asks
///   about it embeds only the question, and the document is context: two questions about one contract can
///   match, and a question about another contract cannot. (Embedding the whole turn would let a long
///   document drown the question, and any two questions on it would look alike.)
///
/// It is computed as the exact-cache key (`CacheKey`) of the request without its last turn, with the
/// model replaced by its family, so every rule of the exact key applies to the context too.
public enum ContextFingerprint {
    /// Why a request cannot use the semantic layer.
    public enum IneligibleError: Error, Equatable, CustomStringConvertible {
        /// The conversation does not end with a user turn.
        case noUserTurn
        /// The last user turn holds images, tool calls or tool results, whose meaning the text embedding
        /// cannot see.
        case nonTextContent

        public var description: String {
            switch self {
            case .noUserTurn: "the conversation does not end with a user turn"
            case .nonTextContent: "the last user turn holds non-text content"
            }
        }
    }

    /// The scope string of `request` in `namespace`, and the text to embed: the last text block of the last
    /// user turn.
    ///
    /// - Parameters:
    ///   - request: the request.
    ///   - namespace: the namespace it is looked up in.
    ///   - family: maps a model id to its family; identity by default.
    public static func scope(
        of request: LLMRequest, namespace: String, family: (String) -> String = { $0 }
    ) throws -> (scope: String, text: String) {
        guard let last = request.messages.last, last.role == .user else { throw IneligibleError.noUserTurn }
        var texts: [String] = []
        for block in last.content {
            guard let text = block.textValue else { throw IneligibleError.nonTextContent }
            texts.append(text)
        }
        var context = request
        context.messages.removeLast()
        if last.content.count > 1 {
            context.messages.append(Message(role: .user, content: Array(last.content.dropLast())))
        }
        context.model = family(request.model)
        let fingerprint = try CacheKey(context).hex
        return (namespace + "\u{1F}" + fingerprint, texts.last ?? "")
    }
}

extension ContextFingerprint {
    /// The former name of ``IneligibleError``.
    @available(*, deprecated, renamed: "IneligibleError")
    public typealias Ineligible = IneligibleError
}
