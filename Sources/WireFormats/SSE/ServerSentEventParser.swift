/// An incremental parser for server-sent events (the WHATWG `text/event-stream` format).
///
/// Feed it bytes as they arrive, split anywhere (inside a line, a UTF-8 sequence or a CR LF pair);
/// it returns each event once its terminating blank line has arrived. Lines end in LF, CR LF or CR;
/// lines starting with `:` are comments; a field without a colon has an empty value; one space after
/// the colon is dropped. An event without data is not dispatched. Bytes after the last blank line are
/// an incomplete event: ``finish()`` discards them and says so.
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var eventType = ""
    private var dataLines: [String] = []
    private var hasData = false
    private var lastID: String?
    private var sawFieldSinceDispatch = false

    /// A parser at the start of a stream.
    public init() {}

    /// Parses `bytes` and returns the events completed by them.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if lastWasCR {
                lastWasCR = false
                if byte == UInt8(ascii: "\n") { continue }
            }
            switch byte {
            case UInt8(ascii: "\n"):
                if let event = endLine() { events.append(event) }
            case UInt8(ascii: "\r"):
                lastWasCR = true
                if let event = endLine() { events.append(event) }
            default:
                line.append(byte)
            }
        }
        return events
    }

    /// Ends the input. Returns `true` when bytes of an unfinished event were pending (a stream cut short).
    public mutating func finish() -> Bool {
        let pending = !line.isEmpty || sawFieldSinceDispatch
        line.removeAll()
        reset()
        return pending
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty { return dispatch() }
        if line.first == UInt8(ascii: ":") { return nil }
        sawFieldSinceDispatch = true
        let name: String
        var value: String
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            name = String(decoding: line[..<colon], as: UTF8.self)
            var start = line.index(after: colon)
            if start < line.endIndex, line[start] == UInt8(ascii: " ") { start = line.index(after: start) }
            value = String(decoding: line[start...], as: UTF8.self)
        } else {
            name = String(decoding: line, as: UTF8.self)
            value = ""
        }
        switch name {
        case "event": eventType = value
        case "data":
            dataLines.append(value)
            hasData = true
        case "id": if !value.contains("\0") { lastID = value }
        default: value = ""
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer { reset() }
        guard hasData else { return nil }
        return ServerSentEvent(
            event: eventType.isEmpty ? "message" : eventType, data: dataLines.joined(separator: "\n"), id: lastID)
    }

    private mutating func reset() {
        eventType = ""
        dataLines.removeAll()
        hasData = false
        sawFieldSinceDispatch = false
    }
}
