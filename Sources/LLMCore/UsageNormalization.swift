import Foundation

/// An error for a provider usage block whose numbers cannot be counted once each.
public struct UsageNormalizationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider's format (`anthropic`, `openai`, `gemini`).
    public let format: String
    /// The field that is wrong.
    public let field: String
    /// What is wrong with it.
    public let problem: String

    public var description: String { "\(format) usage: field '\(field)' \(problem)" }
}

extension Usage {
    /// Normalises Anthropic's Messages API usage.
    ///
    /// Anthropic's `input_tokens` already excludes `cache_creation_input_tokens` and `cache_read_input_tokens`;
    /// the total input is the sum of the three. When the response splits the write by lifetime
    /// (`cache_creation.ephemeral_5m_input_tokens` / `ephemeral_1h_input_tokens`) each part is kept apart,
    /// otherwise the whole write is taken as the default 5-minute lifetime.
    public static func anthropic(
        inputTokens: Int, outputTokens: Int, cacheCreationInputTokens: Int = 0, cacheReadInputTokens: Int = 0,
        ephemeral5mInputTokens: Int? = nil, ephemeral1hInputTokens: Int? = nil
    ) throws -> Usage {
        let fields: [(String, Int)] = [
            ("input_tokens", inputTokens), ("output_tokens", outputTokens),
            ("cache_creation_input_tokens", cacheCreationInputTokens),
            ("cache_read_input_tokens", cacheReadInputTokens),
            ("cache_creation.ephemeral_5m_input_tokens", ephemeral5mInputTokens ?? 0),
            ("cache_creation.ephemeral_1h_input_tokens", ephemeral1hInputTokens ?? 0),
        ]
        for (name, value) in fields where value < 0 {
            throw UsageNormalizationError(format: "anthropic", field: name, problem: "is negative (\(value))")
        }
        var write5m = cacheCreationInputTokens
        var write1h = 0
        if ephemeral5mInputTokens != nil || ephemeral1hInputTokens != nil {
            write5m = ephemeral5mInputTokens ?? 0
            write1h = ephemeral1hInputTokens ?? 0
            if cacheCreationInputTokens != 0, write5m.addingSaturated(write1h) != cacheCreationInputTokens {
                throw UsageNormalizationError(
                    format: "anthropic", field: "cache_creation",
                    problem:
                        "splits \(write5m.addingSaturated(write1h)) tokens but cache_creation_input_tokens is \(cacheCreationInputTokens)"
                )
            }
        }
        return Usage(
            inputTokens: inputTokens, outputTokens: outputTokens, cacheReadInputTokens: cacheReadInputTokens,
            cacheWrite5mInputTokens: write5m, cacheWrite1hInputTokens: write1h)
    }

    /// Normalises an Anthropic `usage` object as it appears in a response body or a `message_delta` event.
    public static func anthropic(json usage: JSONValue) throws -> Usage {
        let creation = usage[usageKey: "cache_creation"]
        return try anthropic(
            inputTokens: try count(usage, "input_tokens", format: "anthropic") ?? 0,
            outputTokens: try count(usage, "output_tokens", format: "anthropic") ?? 0,
            cacheCreationInputTokens: try count(usage, "cache_creation_input_tokens", format: "anthropic") ?? 0,
            cacheReadInputTokens: try count(usage, "cache_read_input_tokens", format: "anthropic") ?? 0,
            ephemeral5mInputTokens: try creation.flatMap {
                try count($0, "ephemeral_5m_input_tokens", format: "anthropic")
            },
            ephemeral1hInputTokens: try creation.flatMap {
                try count($0, "ephemeral_1h_input_tokens", format: "anthropic")
            })
    }

    /// Normalises OpenAI's Chat Completions usage.
    ///
    /// OpenAI's `prompt_tokens` includes `prompt_tokens_details.cached_tokens`: the cached part is a part of
    /// the prompt, not an addition, so plain input is `prompt_tokens - cached_tokens`. OpenAI charges nothing
    /// extra for writing its cache, so there are no cache-write tokens. Reasoning tokens are a part of
    /// `completion_tokens` and are not added again.
    public static func openAI(promptTokens: Int, completionTokens: Int, cachedTokens: Int = 0) throws -> Usage {
        for (name, value) in [
            ("prompt_tokens", promptTokens), ("completion_tokens", completionTokens),
            ("prompt_tokens_details.cached_tokens", cachedTokens),
        ] where value < 0 {
            throw UsageNormalizationError(format: "openai", field: name, problem: "is negative (\(value))")
        }
        guard cachedTokens <= promptTokens else {
            throw UsageNormalizationError(
                format: "openai", field: "prompt_tokens_details.cached_tokens",
                problem:
                    "(\(cachedTokens)) exceeds prompt_tokens (\(promptTokens)); cached tokens are part of the prompt")
        }
        return Usage(
            inputTokens: promptTokens - cachedTokens, outputTokens: completionTokens, cacheReadInputTokens: cachedTokens
        )
    }

    /// Normalises an OpenAI `usage` object from Chat Completions (`prompt_tokens`, `completion_tokens`,
    /// `prompt_tokens_details.cached_tokens`) or from the Responses API (`input_tokens`, `output_tokens`,
    /// `input_tokens_details.cached_tokens`), which count the same way.
    public static func openAI(json usage: JSONValue) throws -> Usage {
        if usage[usageKey: "prompt_tokens"] != nil || usage[usageKey: "completion_tokens"] != nil {
            return try openAI(
                promptTokens: try count(usage, "prompt_tokens", format: "openai") ?? 0,
                completionTokens: try count(usage, "completion_tokens", format: "openai") ?? 0,
                cachedTokens: try usage[usageKey: "prompt_tokens_details"].flatMap {
                    try count($0, "cached_tokens", format: "openai")
                } ?? 0)
        }
        return try openAI(
            promptTokens: try count(usage, "input_tokens", format: "openai") ?? 0,
            completionTokens: try count(usage, "output_tokens", format: "openai") ?? 0,
            cachedTokens: try usage[usageKey: "input_tokens_details"].flatMap {
                try count($0, "cached_tokens", format: "openai")
            } ?? 0)
    }

    /// Normalises Gemini's `usageMetadata`: `promptTokenCount` includes `cachedContentTokenCount`, and
    /// thinking tokens (`thoughtsTokenCount`) are billed as output but are not part of `candidatesTokenCount`.
    public static func gemini(
        promptTokenCount: Int, candidatesTokenCount: Int, cachedContentTokenCount: Int = 0, thoughtsTokenCount: Int = 0
    ) throws -> Usage {
        for (name, value) in [
            ("promptTokenCount", promptTokenCount), ("candidatesTokenCount", candidatesTokenCount),
            ("cachedContentTokenCount", cachedContentTokenCount), ("thoughtsTokenCount", thoughtsTokenCount),
        ] where value < 0 {
            throw UsageNormalizationError(format: "gemini", field: name, problem: "is negative (\(value))")
        }
        guard cachedContentTokenCount <= promptTokenCount else {
            throw UsageNormalizationError(
                format: "gemini", field: "cachedContentTokenCount",
                problem: "(\(cachedContentTokenCount)) exceeds promptTokenCount (\(promptTokenCount))")
        }
        return Usage(
            inputTokens: promptTokenCount - cachedContentTokenCount,
            outputTokens: candidatesTokenCount.addingSaturated(thoughtsTokenCount),
            cacheReadInputTokens: cachedContentTokenCount)
    }

    private static func count(_ object: JSONValue, _ key: String, format: String) throws -> Int? {
        switch object[usageKey: key] {
        case nil, .null?: return nil
        case .int(let value)?:
            guard value >= 0, let exact = Int(exactly: value) else {
                throw UsageNormalizationError(format: format, field: key, problem: "is negative (\(value))")
            }
            return exact
        case .double(let value)? where value >= 0 && value == value.rounded() && value < 9.0e15:
            return Int(value)
        case let other?:
            throw UsageNormalizationError(format: format, field: key, problem: "is not a token count: \(other)")
        }
    }
}

extension JSONValue {
    /// The member `key` of an object, or `nil` for a missing member or a value that is not an object.
    fileprivate subscript(usageKey key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}
