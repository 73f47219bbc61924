import Foundation

/// A provider API key.
///
/// The key is never part of a description, a debug description, a mirror or an encoding: printing, logging or
/// interpolating an `APIKey` shows `APIKey(redacted)`. It is not `Codable`, so it cannot end up in a stored
/// cache entry by accident. Only the transports read the secret, to put it into a request header.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret. Internal: only the transports of this module send it.
    let secret: String

    /// A key with the given secret (leading and trailing whitespace removed).
    public init(_ secret: String) {
        self.secret = secret.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The key in the environment variable `name`, or `nil` when it is unset or empty.
    public static func fromEnvironment(
        _ name: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> APIKey? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return APIKey(value)
    }

    /// The environment variable Anthropic's clients read.
    public static let anthropicEnvironmentVariable = "ANTHROPIC_API_KEY"
    /// The environment variable OpenAI's clients read.
    public static let openAIEnvironmentVariable = "OPENAI_API_KEY"

    public var description: String { "APIKey(redacted)" }
    public var debugDescription: String { "APIKey(redacted)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// `text` with every occurrence of the secret replaced by `[redacted]`. Providers sometimes echo a key
    /// (or a part of it) in an authentication error; this removes the whole key and its first and last
    /// eight characters, when the key is long enough for those to identify it.
    public func redact(_ text: String) -> String {
        guard !secret.isEmpty else { return text }
        var out = text.replacingOccurrences(of: secret, with: "[redacted]")
        if secret.count >= 16 {
            out = out.replacingOccurrences(of: String(secret.prefix(8)), with: "[redacted]")
            out = out.replacingOccurrences(of: String(secret.suffix(8)), with: "[redacted]")
        }
        return out
    }
}
