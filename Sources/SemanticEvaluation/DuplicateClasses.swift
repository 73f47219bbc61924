/// The distinct texts of a pair dataset and the duplicate class of each.
///
/// Identical strings are one text. Texts joined by label-1 pairs, directly or through other texts
/// (transitive closure), form one class; label-0 pairs join nothing. Texts are numbered in order of
/// first appearance (`text_a` before `text_b` of each pair), classes in order of their first text.
public struct DuplicateClasses: Sendable {
    /// The distinct texts; a text's number is its index here.
    public let texts: [String]
    /// The class number of each text.
    public let classOfText: [Int]
    /// The number of classes.
    public let classCount: Int
    private let numbers: [String: Int]

    /// The texts and classes of `pairs`.
    public init(pairs: [LabelledPair]) {
        var numbers: [String: Int] = [:]
        var texts: [String] = []
        func number(_ text: String) -> Int {
            if let known = numbers[text] { return known }
            numbers[text] = texts.count
            texts.append(text)
            return texts.count - 1
        }
        let ends = pairs.map { (number($0.textA), number($0.textB), $0.isDuplicate) }
        var sets = UnionFind(count: texts.count)
        for (a, b, duplicate) in ends where duplicate { sets.union(a, b) }
        var classOfRoot: [Int: Int] = [:]
        var classOfText: [Int] = []
        classOfText.reserveCapacity(texts.count)
        for text in texts.indices {
            let root = sets.find(text)
            if let known = classOfRoot[root] {
                classOfText.append(known)
            } else {
                classOfRoot[root] = classOfRoot.count
                classOfText.append(classOfRoot.count - 1)
            }
        }
        self.texts = texts
        self.numbers = numbers
        self.classOfText = classOfText
        self.classCount = classOfRoot.count
    }

    /// The number of `text`, or `nil` when no pair holds it.
    public func number(of text: String) -> Int? { numbers[text] }

    /// The class of text number `text`.
    public func classOf(_ text: Int) -> Int { classOfText[text] }

    /// Whether two texts (by number) are in one class.
    public func areDuplicates(_ a: Int, _ b: Int) -> Bool { classOfText[a] == classOfText[b] }

    /// Whether two texts are in one class; `false` when either is not in the dataset.
    public func areDuplicates(_ a: String, _ b: String) -> Bool {
        guard let first = numbers[a], let second = numbers[b] else { return false }
        return areDuplicates(first, second)
    }
}
