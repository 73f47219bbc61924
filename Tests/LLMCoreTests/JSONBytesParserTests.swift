import Foundation
import Testing

@testable import LLMCore

@Suite("JSONValue.parse reads what JSONDecoder reads")
struct JSONBytesParserTests {
    @Test(
        "valid documents parse to the same JSONValue as JSONDecoder gives",
        arguments: [
            #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
            #"  [ -0 , 12345678901234 , -9223372036854775808 , 1.5 , -2.5e-3 , 1E3 , 3e+2 ]  "#,
            #"{"text":"tab\there \"quoted\" back\\slash \/ \u00e9 \ud83d\ude00 line\nnext"}"#,
            #""just a string""#,
            #"{"empty":{},"list":[],"zero":0,"big":1e300,"huge":123456789012345678901234567890}"#,
            "{\"raw\":\"é and 日本\"}",
        ])
    func matchesDecoder(_ text: String) throws {
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(try JSONBytesParser.parse(Array(text.utf8)) == expected)
    }

    @Test("a later duplicate key wins")
    func duplicateKey() throws {
        #expect(try JSONBytesParser.parse(Array(#"{"dup":1,"dup":2}"#.utf8)) == ["dup": 2])
    }

    @Test(
        "malformed documents are refused with the offset",
        arguments: [
            "", "{", "[1,]", #"{"a" 1}"#, #"{"a":1,}"#, "01", "1.", "-", "tru", #""\ud800""#, #""\x""#,
            "\"a\u{01}b\"", "[1] 2", "NaN", String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ])
    func refusesMalformed(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONBytesParser.parse(Array(text.utf8)) }
    }
}
