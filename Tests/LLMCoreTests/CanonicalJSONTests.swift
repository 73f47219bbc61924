import Foundation
import LLMCore
import Testing

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    @Test("keys are sorted, no whitespace, nested too")
    func sortedCompact() throws {
        let value: JSONValue = ["b": [1, 2, ["z": true, "a": nil]], "a": "x", "aa": 1.5]
        #expect(try CanonicalJSON.string(value) == #"{"a":"x","aa":1.5,"b":[1,2,{"a":null,"z":true}]}"#)
    }

    @Test(
        "numbers have one spelling",
        arguments: [
            (JSONValue.double(1.0), "1"), (.int(1), "1"), (.double(-0.0), "0"), (.double(0.5), "0.5"),
            (.double(1e21), "1e+21"), (.double(-2.5), "-2.5"), (.int(9_007_199_254_740_993), "9007199254740993"),
        ])
    func numberSpelling(value: JSONValue, expected: String) throws {
        #expect(try CanonicalJSON.string(value) == expected)
    }

    @Test("strings escape quotes, backslashes and control characters only")
    func stringEscapes() throws {
        let value = JSONValue.string("a\"b\\c\nd\te\u{01}é😀/")
        #expect(try CanonicalJSON.string(value) == "\"a\\\"b\\\\c\\nd\\te\\u0001é😀/\"")
    }

    @Test("escapes at the edges of a string and between plain runs")
    func escapesAtEdges() throws {
        #expect(try CanonicalJSON.string(.string("\n")) == "\"\\n\"")
        #expect(try CanonicalJSON.string(.string("\"x\"")) == "\"\\\"x\\\"\"")
        #expect(try CanonicalJSON.string(.string("")) == "\"\"")
        #expect(try CanonicalJSON.string(.string("ab\u{1F}\u{1F}cd")) == "\"ab\\u001f\\u001fcd\"")
    }

    @Test("the hex digest is SHA-256 in lower-case hex")
    func hexDigest() {
        #expect(CacheKey.hexDigest([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            CacheKey.hexDigest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("parsing then encoding ignores the input's layout")
    func parseIgnoresLayout() throws {
        let a = try JSONValue.parse(Data(#"{ "x" : [ 1 , 2.0 ], "y" : { "b" : 1, "a" : 2 } }"#.utf8))
        let b = try JSONValue.parse(Data(#"{"y":{"a":2,"b":1},"x":[1,2]}"#.utf8))
        #expect(try CanonicalJSON.encode(a) == CanonicalJSON.encode(b))
    }

    @Test("infinity has no spelling")
    func infinityRefused() {
        #expect(throws: CanonicalJSON.InvalidNumberError.self) { try CanonicalJSON.encode(.double(.infinity)) }
    }
}
