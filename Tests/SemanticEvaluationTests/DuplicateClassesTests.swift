import SemanticEvaluation
import Testing

@Suite("Duplicate classes by union-find")
struct DuplicateClassesTests {
    func pair(_ a: String, _ b: String, _ duplicate: Bool) -> LabelledPair {
        LabelledPair(textA: a, textB: b, isDuplicate: duplicate)
    }

    @Test("label-1 pairs join classes transitively; label-0 pairs join nothing")
    func transitiveClosure() {
        let classes = DuplicateClasses(pairs: [
            pair("a", "b", true),
            pair("c", "d", true),
            pair("b", "c", true),
            pair("a", "e", false),
            pair("e", "f", false),
            pair("g", "h", true),
        ])
        #expect(classes.texts == ["a", "b", "c", "d", "e", "f", "g", "h"])
        #expect(classes.classCount == 4)
        #expect(classes.areDuplicates("a", "d"))
        #expect(classes.areDuplicates("d", "b"))
        #expect(!classes.areDuplicates("a", "e"))
        #expect(!classes.areDuplicates("e", "f"))
        #expect(!classes.areDuplicates("a", "g"))
        #expect(classes.classOfText == [0, 0, 0, 0, 1, 2, 3, 3])
    }

    @Test("identical strings are one text, so chains run through repeated texts")
    func identicalStrings() {
        let classes = DuplicateClasses(pairs: [
            pair("How do I reset my password?", "Forgot password", true),
            pair("Reset password help", "How do I reset my password?", true),
            pair("How do I reset my password?", "How do I change my username?", false),
        ])
        #expect(classes.texts.count == 4)
        #expect(classes.number(of: "How do I reset my password?") == 0)
        #expect(classes.areDuplicates("Forgot password", "Reset password help"))
        #expect(!classes.areDuplicates("Forgot password", "How do I change my username?"))
        #expect(classes.areDuplicates("Forgot password", "Forgot password"))
        #expect(!classes.areDuplicates("Forgot password", "not in the data"))
        #expect(classes.number(of: "not in the data") == nil)
    }

    @Test("a long chain collapses into one class")
    func longChain() {
        let pairs = (0..<5_000).map { pair("t\($0)", "t\($0 + 1)", true) }
        let classes = DuplicateClasses(pairs: pairs)
        #expect(classes.classCount == 1)
        #expect(classes.areDuplicates("t0", "t5000"))
    }
}
