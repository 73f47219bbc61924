import Foundation

/// A transport failure's cause said once and plainly ("connection refused"), instead of the nested
/// descriptions of the networking stack (`connection reset (error set): Connection refused) (errno: 111)`).
enum TransportFailureCause {
    /// The cause of `error`: the operating system's text for the error number it carries, when it carries
    /// one, else its description.
    static func text(of error: any Error) -> String {
        let description = String(describing: error)
        guard let number = errorNumber(in: description), let message = strerror(number) else { return description }
        return String(cString: message).lowercased()
    }

    /// The number in the last `(errno: N)` of `text`.
    static func errorNumber(in text: String) -> Int32? {
        guard let marker = text.range(of: "(errno: ", options: .backwards) else { return nil }
        let digits = text[marker.upperBound...].prefix { $0.isNumber }
        return Int32(digits)
    }
}
