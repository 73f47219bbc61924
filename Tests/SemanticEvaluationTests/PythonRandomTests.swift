import SemanticEvaluation
import Testing

/// Expected values come from CPython 3.11's `random.Random`.
@Suite("Python-compatible Mersenne Twister and shuffle")
struct PythonRandomTests {
    @Test("the first 32-bit outputs for seed 7 match getrandbits(32)")
    func firstWords() {
        var random = PythonRandom(seed: 7)
        let words = (0..<5).map { _ in random.nextUInt32() }
        #expect(words == [1_390_851_128, 4_071_050_724, 647_892_279, 1_695_753_998, 2_795_742_288])
    }

    @Test("getrandbits of 1 to 64 bits takes the top bits and fills low words first")
    func randomBits() {
        var random = PythonRandom(seed: 7)
        let values = [1, 5, 31, 32, 33, 64].map { random.randomBits($0) }
        #expect(values == [0, 30, 323_946_139, 1_695_753_998, 2_795_742_288, 15_149_836_622_520_594_227])
    }

    @Test("_randbelow by rejection on bit_length bits")
    func randomBelow() {
        var random = PythonRandom(seed: 7)
        let values = [1, 2, 3, 10, 100, 1000, 1 << 33, (1 << 40) + 3].map { random.randomBelow($0) }
        #expect(values == [0, 0, 1, 0, 9, 840, 2_301_595_691, 470_330_855_157])
    }

    @Test(
        "shuffle gives random.Random(seed).shuffle's order",
        arguments: [
            (7, 6, [4, 0, 5, 3, 1, 2]),
            (7, 8, [6, 7, 2, 4, 0, 3, 1, 5]),
            (7, 20, [17, 15, 11, 18, 7, 6, 19, 3, 14, 0, 9, 5, 16, 8, 13, 2, 1, 12, 4, 10]),
            (0, 10, [7, 8, 1, 5, 3, 4, 2, 0, 9, 6]),
            (-7, 10, [8, 3, 1, 4, 7, 0, 9, 6, 2, 5]),
            (20_261_122, 10, [2, 1, 6, 0, 4, 7, 5, 3, 8, 9]),
            ((1 << 40) + 5, 10, [1, 2, 3, 6, 7, 0, 5, 4, 9, 8]),
        ])
    func shuffle(seed: Int, count: Int, expected: [Int]) {
        var random = PythonRandom(seed: seed)
        var values = Array(0..<count)
        random.shuffle(&values)
        #expect(values == expected)
    }

    @Test("a 1,000-element shuffle matches at both ends and in its weighted sum")
    func longShuffle() {
        var random = PythonRandom(seed: 7)
        var values = Array(0..<1000)
        random.shuffle(&values)
        #expect(
            Array(values.prefix(20)) == [
                878, 857, 349, 313, 382, 850, 927, 194, 261, 946, 910, 445, 203, 81, 688, 962, 487, 139, 314, 359,
            ])
        #expect(Array(values.suffix(10)) == [96, 548, 840, 74, 49, 666, 404, 154, 970, 331])
        #expect(values.enumerated().reduce(0) { $0 + $1.offset * $1.element } == 245_396_630)
    }

    @Test("lists of zero and one element are left alone")
    func trivialLists() {
        var random = PythonRandom(seed: 7)
        var empty: [Int] = []
        var one = [42]
        random.shuffle(&empty)
        random.shuffle(&one)
        #expect(empty.isEmpty)
        #expect(one == [42])
    }
}
