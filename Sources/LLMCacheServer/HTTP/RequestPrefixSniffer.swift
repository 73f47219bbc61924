import NIOCore
import WireFormats

/// Keeps the first bytes of the request being read, as they came off the socket, so that a request whose
/// head cannot be parsed can still be answered in the format its path and headers suggest.
///
/// It sits first in the pipeline (before the HTTP decoder) and passes every byte on unchanged. The
/// ``MalformedRequestResponder`` resets it when a request has been read, so that it holds the next one.
/// Like every channel handler it is used on its channel's event loop only.
final class RequestPrefixSniffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The most bytes kept: enough for the request line and the first headers.
    static let limit = 8192

    private(set) var prefix: [UInt8] = []
    /// Whether the kept bytes hold the end of the head: only the head says the dialect, so nothing of the
    /// body is copied (this runs for every request).
    private var headComplete = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !headComplete && prefix.count < Self.limit {
            let buffer = unwrapInboundIn(data)
            let wanted = min(Self.limit - prefix.count, buffer.readableBytes)
            if let bytes = buffer.getBytes(at: buffer.readerIndex, length: wanted) {
                // Look from a little before the new bytes, for an end of head split across reads.
                let from = max(0, prefix.count - 3)
                prefix += bytes
                headComplete = Self.containsHeadEnd(prefix, from: from)
            }
        }
        context.fireChannelRead(data)
    }

    /// Whether `bytes` hold the blank line that ends a head (CR LF CR LF) at or after `start`: a plain scan,
    /// since the generic `firstRange(of:)` was a measurable share of a cache hit's CPU.
    static func containsHeadEnd(_ bytes: [UInt8], from start: Int) -> Bool {
        let (cr, lf) = (UInt8(ascii: "\r"), UInt8(ascii: "\n"))
        var index = max(start, 0)
        while index + 3 < bytes.count {
            if bytes[index] == cr && bytes[index + 1] == lf && bytes[index + 2] == cr && bytes[index + 3] == lf {
                return true
            }
            index += 1
        }
        return false
    }

    /// Forgets the request read so far; the next bytes start a new one.
    func reset() {
        prefix.removeAll(keepingCapacity: true)
        headComplete = false
    }

    /// Whether the kept bytes start with HTTP/2's connection preface (`PRI * HTTP/2.0`).
    var isHTTP2Preface: Bool { prefix.starts(with: Array("PRI * HTTP/2.0".utf8)) }

    /// The dialect the kept bytes suggest: the request line's path, and whether an Anthropic header
    /// (`x-api-key`, `anthropic-version`) appears among the headers kept.
    var likelyDialect: WireDialect {
        let text = String(decoding: prefix, as: UTF8.self)
        let lines = text.split(separator: "\n", maxSplits: 200, omittingEmptySubsequences: false)
        let requestLine = lines.first.map { $0.split(separator: " ", maxSplits: 2) } ?? []
        let path = requestLine.count > 1 ? String(requestLine[1]) : ""
        let hasAnthropicHeader = lines.dropFirst().contains { line in
            let name = line.prefix { $0 != ":" }.lowercased()
            return name == CallerKey.apiKeyField || name == "anthropic-version"
        }
        return WireDialect.likely(path: path, hasAnthropicHeader: hasAnthropicHeader)
    }
}
