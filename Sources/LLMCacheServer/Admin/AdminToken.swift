import Crypto
import Foundation

/// The token that opens the admin routes. It is never printed, logged or encoded; a presented token is
/// compared by digest in constant time.
public struct AdminToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let digest: [UInt8]

    /// A token with surrounding whitespace removed; `nil` when nothing is left.
    public init?(_ token: String) {
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        digest = Array(SHA256.hash(data: Data(trimmed.utf8)))
    }

    /// Whether `presented` is the token.
    public func accepts(_ presented: String) -> Bool {
        let other = Array(SHA256.hash(data: Data(presented.utf8)))
        var difference: UInt8 = 0
        for (left, right) in zip(digest, other) { difference |= left ^ right }
        return difference == 0
    }

    public var description: String { "AdminToken(redacted)" }
    public var debugDescription: String { "AdminToken(redacted)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
