import CostControl
import Foundation
import LLMCore
import Synchronization
import Testing

@Suite("Prompt compression")
struct PromptCompressionTests {
    static let all = PromptCompression(minimumLength: 0)

    @Test("prose loses inner runs of spaces and tabs, trailing whitespace and extra blank lines; nothing else")
    func prose() {
        let text =
            "Title  \n\nFirst\t\tline  of   text.   \nSecond line.\r\n\n\n\n\nThird  paragraph.\n  - nested  item\n\n\n"
        let expected = "Title\n\nFirst line of text.\nSecond line.\n\nThird paragraph.\n  - nested item\n\n"
        #expect(Self.all.compress(text) == expected)
    }

    @Test("fenced code stays byte for byte: indentation, inner spaces, trailing spaces and blank lines")
    func fencedCode() {
        let code = "```python\ndef f(x):\n    if x:   \n        return  [1,  2]\n\n\n\n    return None\n```"
        let tilde = "~~~~\na    b  \n\n\n\n~~~ not a close\nc\t\td\n~~~~"
        let text = "Look  at  this:\n\n\n\n" + code + "\n\n\n\nand  this:\n" + tilde + "\nDone.  "
        let compressed = Self.all.compress(text)
        #expect(compressed.contains(code))
        #expect(compressed.contains(tilde))
        #expect(compressed == "Look at this:\n\n" + code + "\n\nand this:\n" + tilde + "\nDone.")
    }

    @Test("inline code keeps its spacing; a backtick that closes nothing is plain text")
    func inlineCode() {
        let text = "Run  `ls   -la  `  then   ``a ` b  c``   and   `unclosed   here  "
        #expect(Self.all.compress(text) == "Run `ls   -la  ` then ``a ` b  c`` and `unclosed here")
    }

    @Test("an unclosed fence keeps the rest of the text as written; indented fences count as fences")
    func unclosedAndIndentedFences() {
        let text =
            "Intro  text.\n1. step\n   ```sh\n   ls   -la  \n   ```\nAfter   it.\n```\nopen    code  \n\n\n\nstill   code"
        #expect(
            Self.all.compress(text)
                == "Intro text.\n1. step\n   ```sh\n   ls   -la  \n   ```\nAfter it.\n```\nopen    code  \n\n\n\nstill   code"
        )
    }

    @Test("compressing a compressed text changes nothing")
    func idempotent() {
        let samples = [
            "a  b\t\tc   \n\n\n\nd",
            "```\n  x  \n\n\n```\n\n\n\ny  z",
            "  indented   line\n\t\ttabbed\t\tline\t\n\n\n",
            "unclosed\n```\n a   b\n\n\n",
            "crlf  line\r\n\r\n\r\n\r\nnext\r\n",
            "\n\n\n\nleading blank lines",
            "x  `a   b`  y  `  z   ``w  ``",
            String(repeating: "word   ", count: 500) + "\n\n\n" + String(repeating: "more  \n", count: 50),
        ]
        for sample in samples {
            let once = Self.all.compress(sample)
            #expect(Self.all.compress(once) == once, "\(sample.debugDescription)")
        }
    }

    @Test("texts shorter than the minimum length are sent as written; single line breaks always stay")
    func minimumLength() {
        let compression = PromptCompression(minimumLength: 100)
        let short = "a   b\n\n\n\nc"
        #expect(compression.compress(short) == short)
        let long = String(repeating: "line  one\nline two\n", count: 10)
        #expect(compression.compress(long) == String(repeating: "line one\nline two\n", count: 10))
        #expect(PromptCompression().minimumLength == 2_000)
    }

    static func document() -> String {
        (0..<60).map { "Paragraph \($0):    some    text    with    wide    gaps.      \n\n\n\n" }.joined()
    }

    @Test("in a request: the system prompt and user text blocks only; assistant turns and tools stay as written")
    func request() {
        let document = Self.document()
        let request = LLMRequest(
            provider: .anthropic, model: "claude-haiku-4-5", system: [TextBlock(document)],
            messages: [
                .user(document),
                Message(
                    role: .assistant, content: [.text(document), .toolUse(id: "t", name: "f", input: ["a": "x  y"])]),
                Message(
                    role: .user,
                    content: [
                        .toolResult(toolUseID: "t", content: [.text(document)], isError: false), .text("Short  one."),
                    ]),
            ], maxTokens: 100)
        let (sent, count) = PromptCompression().apply(to: request)
        #expect(count == 2)
        #expect(sent.system[0].text == PromptCompression().compress(document))
        #expect(sent.messages[0].content == [.text(PromptCompression().compress(document))])
        #expect(sent.messages[1] == request.messages[1])
        #expect(sent.messages[2] == request.messages[2], "tool results, and a short text, as written")
        #expect(PromptCompression().apply(to: sent).compressedBlocks == 0)
    }

    @Test("through the token limits and the cost guard: the estimate falls, the ledger says compressed")
    func throughTheGuard() async throws {
        let document = Self.document()
        let request = LLMRequest(
            provider: .anthropic, model: "claude-haiku-4-5", messages: [.user(document + "What is it about?")],
            maxTokens: 100)
        let estimator = TokenEstimator.anthropic
        #expect(
            try TokenLimits().apply(to: request, tags: [:], estimator: estimator).adjustment == nil, "off by default")
        let limits = TokenLimits(compression: PromptCompression())
        let (sent, adjustment) = try limits.apply(to: request, tags: [:], estimator: estimator)
        let change = try #require(adjustment)
        #expect(change.compressedBlocks == 1 && change.droppedMessages == 0)
        #expect(change.estimatedInputTokens == estimator.inputTokens(of: request))
        #expect(change.sentInputTokens == estimator.inputTokens(of: sent))
        #expect(change.sentInputTokens < change.estimatedInputTokens * 3 / 4, "\(change)")
        #expect(change.ledgerTag == "compressed")

        // Compression can make a request fit that would otherwise be refused.
        let tight = TokenLimits(maxInputTokens: change.sentInputTokens, compression: PromptCompression())
        let ledger = InMemoryCostLedger()
        let guarded = CostGuard(
            pricing: try TestData.pricing(), gate: BudgetGate(limits: BudgetLimits(), ledger: ledger),
            tokenLimits: tight)
        let seen = Mutex<LLMRequest?>(nil)
        let costed = try await guarded.call(request, tags: ["feature": "docs"]) { request in
            seen.withLock { $0 = request }
            return LLMResponse(
                id: "r", model: request.model, content: [.text("ok")], stopReason: .endTurn,
                usage: Usage(inputTokens: 10, outputTokens: 1))
        }
        #expect(seen.withLock { $0 } == sent)
        #expect(costed.tokenAdjustment == change)
        #expect(costed.record.tags["token_budget"] == "compressed")
        #expect(costed.record.tags["feature"] == "docs")
    }
}
