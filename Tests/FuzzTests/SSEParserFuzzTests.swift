import Providers
import Testing
import WireFormats

extension FuzzTests {
    @Test("SSE parser: the same events however the bytes are split; no line break inside a field")
    func serverSentEventParser() {
        Fuzz.run(
            "sse", iterations: 2000,
            generate: { random, corpus in Mutator.mutatedEntry(corpus, random: &random) },
            check: { input in
                var whole = ServerSentEventParser()
                let expected = whole.feed(input)
                let expectedPending = whole.finish()
                // The split points come from the input itself, so that a failure replays from the input alone.
                var pieces = ServerSentEventParser()
                var events: [ServerSentEvent] = []
                var start = 0
                var step = 1
                while start < input.count {
                    let end = min(input.count, start + step)
                    events += pieces.feed(input[start..<end])
                    start = end
                    step = 1 + Int(input[end - 1] % (input.count > 4096 ? 251 : 7))
                }
                let pending = pieces.finish()
                guard events == expected, pending == expectedPending else {
                    throw FuzzViolation("feeding the bytes in pieces gave other events than feeding them at once")
                }
                for event in events {
                    guard !event.event.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }),
                        !(event.id ?? "").unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\0" })
                    else { throw FuzzViolation("an event's type or id holds a line break or NUL") }
                }
            })
    }
}
