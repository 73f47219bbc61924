import Foundation

/// The BERT uncased text normaliser, step for step as in the reference tokenizer:
/// 1. clean: drop NUL, U+FFFD and control characters (categories Cc, Cf, Cs, Co, Cn, except tab,
///    line feed and carriage return), turn every whitespace character into a space;
/// 2. surround each CJK ideograph with spaces, so that each becomes a word of its own;
/// 3. strip accents: canonical decomposition (NFD), then drop non-spacing marks (Mn);
/// 4. lower-case each scalar with its full, context-free Unicode mapping.
///
/// It works on Unicode scalars, never on `Character`s (grapheme clusters), because the reference
/// counts and splits scalars.
struct BertNormalizer: Sendable {
    /// The normalised text as Unicode scalars.
    func normalize(_ text: String) -> [Unicode.Scalar] {
        var cleaned: [Unicode.Scalar] = []
        cleaned.reserveCapacity(text.utf8.count)
        var isASCII = true
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0 || value == 0xFFFD || Self.isControl(scalar) {
                continue
            }
            if Self.isWhitespace(scalar) {
                cleaned.append(" ")
            } else if Self.isCJKIdeograph(value) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
                isASCII = false
            } else {
                if value >= 0x80 { isASCII = false }
                cleaned.append(scalar)
            }
        }

        if isASCII {
            // ASCII has nothing to decompose and no non-spacing marks.
            return cleaned.map(Self.asciiLowercased)
        }

        var view = String.UnicodeScalarView()
        view.append(contentsOf: cleaned)
        let decomposed = String(view).decomposedStringWithCanonicalMapping
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(cleaned.count)
        for scalar in decomposed.unicodeScalars {
            if scalar.isASCII {
                result.append(Self.asciiLowercased(scalar))
                continue
            }
            let properties = scalar.properties
            if properties.generalCategory == .nonspacingMark {
                continue
            }
            result.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
        }
        return result
    }

    /// Tab, line feed and carriage return, and every scalar with the Unicode White_Space property.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20: return true
        case 0..<0x80: return false
        default: return scalar.properties.isWhitespace
        }
    }

    /// Categories Cc, Cf, Cs, Co and Cn, except tab, line feed and carriage return.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0..<0x20, 0x7F: return true
        case 0x20..<0x7F: return false
        default:
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned: return true
            default: return false
            }
        }
    }

    /// The CJK ideograph blocks the reference tokenizer treats as one word per character.
    static func isCJKIdeograph(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
            0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    private static func asciiLowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        guard value >= 0x41, value <= 0x5A, let lower = Unicode.Scalar(value + 0x20) else { return scalar }
        return lower
    }
}
