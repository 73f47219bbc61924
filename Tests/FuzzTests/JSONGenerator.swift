import LLMCacheTesting
import LLMCore

/// The shape of a JSON document, for generating inputs that get past the first checks of a decoder.
indirect enum Shape: Sendable {
    /// A string, usually one of `candidates`, sometimes any string.
    case string([String])
    /// An integer, usually in `range`.
    case int(ClosedRange<Int64>)
    /// A number, integral or not.
    case number
    case bool
    /// Any JSON value.
    case any
    /// Base64 of random bytes (sometimes not base64 at all).
    case base64
    case array(Shape, maximum: Int)
    /// An object; each member is `(name, shape, required)`.
    case object([(String, Shape, Bool)])
    case oneOf([Shape])
}

/// Random JSON values: by ``Shape``, with a small chance at every node of a value of the wrong kind or a
/// number on a limit, and of an unknown member in an object.
enum JSONGenerator {
    static func value(_ shape: Shape, random: inout SplitMix64, depth: Int = 0) -> JSONValue {
        if random.chance(1, in: 25) { return hostile(&random, depth: depth) }
        switch shape {
        case .string(let candidates):
            return .string(
                candidates.isEmpty || random.chance(1, in: 6) ? string(&random) : random.pick(candidates))
        case .int(let range):
            if random.chance(1, in: 8) { return random.pick(edgeIntegers) }
            let width = UInt64(truncatingIfNeeded: range.upperBound &- range.lowerBound) &+ 1
            let offset = width == 0 ? random.next() : random.next() % width
            return .int(range.lowerBound &+ Int64(bitPattern: offset))
        case .number:
            return random.chance(1, in: 2)
                ? .double(Double(random.below(2001)) / 1000) : .int(Int64(random.below(3)))
        case .bool:
            return .bool(random.chance(1, in: 2))
        case .any:
            return any(&random, depth: depth)
        case .base64:
            let bytes = (0..<random.below(24)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            return .string(random.chance(1, in: 6) ? string(&random) : base64(bytes))
        case .array(let element, let maximum):
            guard depth < 12 else { return .array([]) }
            return .array(
                (0..<random.below(maximum + 1)).map { _ in value(element, random: &random, depth: depth + 1) })
        case .object(let members):
            var out: [String: JSONValue] = [:]
            for (name, member, required) in members where random.chance(required ? 19 : 1, in: required ? 20 : 2) {
                out[name] = depth < 12 ? value(member, random: &random, depth: depth + 1) : .null
            }
            if random.chance(1, in: 30) { out[string(&random)] = any(&random, depth: depth + 1) }
            return .object(out)
        case .oneOf(let shapes):
            return value(random.pick(shapes), random: &random, depth: depth)
        }
    }

    /// Any JSON value, nested at most a few levels.
    static func any(_ random: inout SplitMix64, depth: Int) -> JSONValue {
        switch random.below(depth > 4 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(random.chance(1, in: 2))
        case 2: return random.pick(edgeIntegers)
        case 3: return random.pick(edgeDoubles)
        case 4: return .string(string(&random))
        case 5: return .array((0..<random.below(4)).map { _ in any(&random, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<random.below(4) { members[string(&random)] = any(&random, depth: depth + 1) }
            return .object(members)
        }
    }

    static let edgeIntegers: [JSONValue] = [
        .int(.max), .int(.min), .int(0), .int(-1), .int(1), .int(9_223_372_036_854_774), .int(2_147_483_648),
        .int(9_000_000_000_000_000), .int(100_000_000),
    ]
    static let edgeDoubles: [JSONValue] = [
        .double(1.7976931348623157e308), .double(-1.7976931348623157e308), .double(4.9e-324), .double(-0.0),
        .double(0.5), .double(9.0e15), .double(9.3e18), .double(-1e300), .double(2.5),
    ]

    /// A string: short ASCII, a word, control characters, non-ASCII, or a long run.
    static func string(_ random: inout SplitMix64) -> String {
        switch random.below(6) {
        case 0: return ""
        case 1: return random.pick(["user", "assistant", "text", "image", "tool_use", "5m", "1h", "auto", "x"])
        case 2: return String((0..<random.below(8)).map { _ in Character(Unicode.Scalar(UInt8(random.below(32)))) })
        case 3: return random.pick(["é", "日本語", "😀", "\u{FEFF}", "\u{202E}", "a\u{0}b", "\u{10FFFF}"])
        case 4: return String(repeating: random.pick(["a", "é", "\\"]), count: random.chance(1, in: 4) ? 70_000 : 300)
        default:
            return String((0..<random.below(12)).map { _ in Character(Unicode.Scalar(UInt8(32 + random.below(95)))) })
        }
    }

    private static func hostile(_ random: inout SplitMix64, depth: Int) -> JSONValue {
        random.chance(1, in: 2) ? random.pick(edgeIntegers + edgeDoubles) : any(&random, depth: depth + 1)
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let word = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[Int((word >> (18 - 6 * UInt32(position))) & 63)] : "=")
            }
            index += 3
        }
        return out
    }

    /// A fuzz input generator: half the time a value of `shape` (as ``bytes(_:corpus:random:)`` writes it),
    /// half the time a mutated corpus entry.
    static func shapedOrMutated(_ shape: Shape) -> (inout SplitMix64, [CorpusEntry]) -> [UInt8] {
        { random, corpus in
            random.chance(1, in: 2)
                ? bytes(value(shape, random: &random), corpus: corpus, random: &random)
                : Mutator.mutatedEntry(corpus, random: &random)
        }
    }

    /// `value` as JSON bytes, then, one time in three, mutated at the byte level.
    static func bytes(_ value: JSONValue, corpus: [CorpusEntry], random: inout SplitMix64) -> [UInt8] {
        let encoded = (try? CanonicalJSON.encode(value)) ?? []
        return random.chance(1, in: 3) ? Mutator.mutate(encoded, corpus: corpus, random: &random) : encoded
    }
}
