import LLMCore
import Testing

extension FuzzTests {
    @Test("JSON parser: a value or a JSONSyntaxError; a parsed value re-encodes to the same value")
    func jsonParser() {
        Fuzz.run(
            "json", iterations: 3000,
            generate: { random, corpus in
                random.chance(1, in: 3)
                    ? JSONGenerator.bytes(JSONGenerator.any(&random, depth: 0), corpus: corpus, random: &random)
                    : Mutator.mutatedEntry(corpus, random: &random)
            },
            check: { input in
                let value: JSONValue
                do {
                    value = try JSONValue.parse(bytes: input)
                } catch is JSONSyntaxError {
                    return
                }
                let encoded = try CanonicalJSON.encode(value)
                guard try JSONValue.parse(bytes: encoded) == value else {
                    throw FuzzViolation("the canonical encoding reads back differently: \(FuzzInput.escape(encoded))")
                }
            })
    }
}
