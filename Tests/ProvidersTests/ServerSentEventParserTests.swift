import Providers
import Testing
import WireFormats

@Suite("Server-sent event parser")
struct ServerSentEventParserTests {
    @Test("events split at every byte boundary parse the same")
    func splitAnywhere() {
        let text =
            "event: message_start\r\ndata: {\"a\":1}\r\n\r\n: comment\n\nevent: delta\ndata: one\ndata: two\n\ndata:x\r\r"
        let bytes = Array(text.utf8)
        var whole = ServerSentEventParser()
        let expected = whole.feed(bytes)
        #expect(
            expected == [
                ServerSentEvent(event: "message_start", data: "{\"a\":1}"),
                ServerSentEvent(event: "delta", data: "one\ntwo"),
                ServerSentEvent(event: "message", data: "x"),
            ])
        for cut in 1..<bytes.count {
            var parser = ServerSentEventParser()
            let events = parser.feed(bytes[..<cut]) + parser.feed(bytes[cut...])
            #expect(events == expected, "cut at \(cut)")
        }
        for size in [1, 2, 3, 7] {
            var parser = ServerSentEventParser()
            var events: [ServerSentEvent] = []
            var start = 0
            while start < bytes.count {
                events += parser.feed(bytes[start..<min(start + size, bytes.count)])
                start += size
            }
            #expect(events == expected)
            let pending = parser.finish()
            #expect(!pending)
        }
    }

    @Test("an event without its blank line is pending at the end")
    func pendingAtEnd() {
        var parser = ServerSentEventParser()
        let events = parser.feed(Array("event: message_stop\ndata: {}".utf8))
        #expect(events.isEmpty)
        let pending = parser.finish()
        #expect(pending)
    }
}
