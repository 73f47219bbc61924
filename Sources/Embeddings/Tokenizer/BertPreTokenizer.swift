/// Splits normalised text into words the way BERT does: whitespace separates words and is
/// dropped; every punctuation character (ASCII punctuation, or a Unicode category P*) is a word of
/// its own.
struct BertPreTokenizer: Sendable {
    /// Calls `body` with each word in order; stops early when `body` returns `false`.
    func forEachWord(
        in scalars: [Unicode.Scalar], _ body: (ArraySlice<Unicode.Scalar>) -> Bool
    ) {
        var wordStart = scalars.startIndex
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if BertNormalizer.isWhitespace(scalar) {
                if wordStart < index, !body(scalars[wordStart..<index]) { return }
                wordStart = index + 1
            } else if Self.isPunctuation(scalar) {
                if wordStart < index, !body(scalars[wordStart..<index]) { return }
                if !body(scalars[index..<index + 1]) { return }
                wordStart = index + 1
            }
            index += 1
        }
        if wordStart < scalars.endIndex {
            _ = body(scalars[wordStart..<scalars.endIndex])
        }
    }

    /// ASCII punctuation (which includes symbols such as `$`, `+`, `^`) or Unicode categories Pc,
    /// Pd, Ps, Pe, Pi, Pf and Po.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E:
            return true
        case 0..<0x80:
            return false
        default:
            switch scalar.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                .initialPunctuation, .finalPunctuation, .otherPunctuation:
                return true
            default:
                return false
            }
        }
    }
}
