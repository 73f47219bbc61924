import Foundation
import SemanticCache
import Testing

@Suite("Hit guards")
struct HitGuardTests {
    let guards = HitGuards.standard

    func refusal(_ query: String, _ candidate: String) -> GuardKind? {
        guards.check(query: query, candidate: candidate)?.kind
    }

    @Test(
        "each failure class is refused by its guard",
        arguments: [
            ("Convert 5 km to miles", "Convert 10 km to miles", GuardKind.number),
            ("What is an 18% tip on $40?", "What is a 20% tip on $40?", .number),
            ("What is new in Python 3.12?", "What is new in Python 3.8?", .number),
            ("What time is 9 am in Tokyo?", "What time is 9 pm in Tokyo?", .number),
            ("Who was the first wife of Henry VIII?", "Who was the second wife of Henry VIII?", .number),
            ("Plan a one-week trip to Rome", "Plan a one-day trip to Rome", .number),
            ("How do I enable 2FA on GitHub?", "How do I disable 2FA on GitHub?", .negation),
            ("Is coffee good for you?", "Is coffee bad for you?", .negation),
            ("Why is my code working?", "Why is my code not working?", .negation),
            ("Which houseplants are toxic to cats?", "Which houseplants are non-toxic to cats?", .negation),
            ("Is it safe to eat raw eggs?", "Is it unsafe to eat raw eggs?", .negation),
            ("How to make bread with yeast", "How to make bread without yeast", .negation),
            ("Convert annual salary to monthly", "Convert monthly salary to annual", .order),
            ("How do I convert int to string in Java?", "How do I convert string to int in Java?", .order),
            ("Is Python faster than Java?", "Is Java faster than Python?", .order),
            ("Can I substitute honey for sugar?", "Can I substitute sugar for honey?", .order),
            ("How do I reverse a list in Rust?", "How do I reverse a list in Go?", .entity),
            ("How do I rename the column 'user_id'?", "How do I rename the column 'account_id'?", .entity),
            ("What is the weather like in Virginia?", "What is the weather like in West Virginia?", .entity),
            ("What does the -f flag of rm do?", "What does the -r flag of rm do?", .entity),
            ("Explain TCP in one sentence", "Explain TCP in detail", .scope),
            ("Give me the answer as a table", "Give me the answer as a bulleted list", .scope),
            ("Return the config in JSON", "Return the config in YAML", .scope),
            ("Give me one example of recursion", "Give me several examples of recursion", .scope),
            ("Python tutorial for beginners", "Python tutorial for experts", .scope),
        ])
    func refuses(query: String, candidate: String, kind: GuardKind) {
        #expect(refusal(query, candidate) == kind, "\(query) / \(candidate)")
        #expect(refusal(candidate, query) == kind, "the guard is symmetric: \(candidate) / \(query)")
    }

    @Test(
        "true paraphrases pass every guard, with the same numbers, names, negations and scope in other words",
        arguments: [
            ("Convert 5 km to miles", "How many miles is 5 km?"),
            ("Plan a three-day itinerary for Rome", "Plan a 3 day itinerary for Rome"),
            ("How many steps are in one mile?", "How many steps are in 1 mile?"),
            ("Who was the sixteenth US president?", "Who was the 16th president of the United States?"),
            ("How do I turn off two-factor authentication?", "How do I disable 2FA?"),
            ("Why isn't my Python script running?", "Why does my Python script not run?"),
            ("How can I make pancakes with no milk?", "How do I make pancakes without milk?"),
            ("How can I make an eggless cake?", "How do I make a cake without eggs?"),
            ("What is the capital of France?", "Which city is France's capital?"),
            ("In Java, how do I sort a list?", "How do I sort a list in Java?"),
            ("In C, how do I cast a float to an int?", "How do I cast a float to an int in C?"),
            ("What's the difference between TCP and UDP?", "What's the difference between UDP and TCP?"),
            ("Translate this sentence into French from English", "Translate this sentence from English to French"),
            ("How can I drop an index in Postgres?", "How do I drop an index in PostgreSQL?"),
            ("Explain TCP briefly", "Give a short explanation of TCP"),
            ("List 3 uses of vinegar", "Give me three uses for vinegar"),
            ("What happened in 1914?", "What were the events of 1914?"),
            ("How do I learn Python quickly?", "What is the fastest way to learn Python?"),
        ])
    func passes(query: String, candidate: String) {
        #expect(guards.check(query: query, candidate: candidate) == nil, "\(query) / \(candidate)")
        #expect(guards.check(query: candidate, candidate: query) == nil, "\(candidate) / \(query)")
    }

    @Test("a guard switched off refuses nothing; the others still do")
    func switchedOff() {
        var guards = HitGuards.standard
        guards.disabled = [.number]
        #expect(guards.check(query: "Convert 5 km to miles", candidate: "Convert 10 km to miles") == nil)
        #expect(guards.enabled == [.negation, .order, .entity, .scope])
        #expect(guards.check(query: "enable 2FA", candidate: "disable 2FA")?.kind == .negation)
    }

    @Test("a refusal says what differs")
    func reasons() throws {
        let refusal = try #require(guards.check(query: "Convert 5 km to miles", candidate: "Convert 10 km to miles"))
        #expect(refusal.description == "number guard: numbers differ: 5 against 10")
        let swapped = try #require(guards.check(query: "int to string in Java", candidate: "string to int in Java"))
        #expect(swapped.description.contains("swap places around 'to'"))
    }

    @Test("the word tables are data: a lexicon read from JSON guards the same way")
    func lexiconAsData() throws {
        let encoded = try JSONEncoder().encode(GuardLexicon.english)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lexicon-\(UUID()).json")
        try encoded.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var lexicon = try GuardLexicon.load(contentsOf: url)
        #expect(lexicon == .english)
        lexicon.opposites.append(.init(["summer"], ["winter"]))
        let custom = HitGuards(lexicon: lexicon)
        #expect(custom.check(query: "best summer jobs", candidate: "best winter jobs")?.kind == .negation)
        #expect(HitGuards.standard.check(query: "best summer jobs", candidate: "best winter jobs") == nil)
    }
}
