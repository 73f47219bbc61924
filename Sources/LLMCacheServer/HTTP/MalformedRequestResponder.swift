import HTTPTypes
import Hummingbird
import HummingbirdCore
import LLMCore
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Answers a request whose head cannot be parsed (headers too large, a control character in a header, a
/// method that is not HTTP) with an error in the provider format the caller most likely speaks, then closes
/// the connection. Without it such a request gets an empty `400` from the HTTP server.
///
/// It sits after the HTTP codec. An error while a request's body is being read belongs to that request's
/// handler and passes on; an error before the next request's head is answered here, after any response
/// still being written. Like every channel handler it is used on its channel's event loop only.
final class MalformedRequestResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The limits the proxy's HTTP decoder applies to request heads.
    static let decoderLimits = HTTP1Channel.Configuration.DecoderConfiguration()

    private let sniffer: RequestPrefixSniffer
    private let metrics: ProxyMetrics?
    private var readingRequest = false
    private var writingResponse = false
    private var pending: ProxyFailure?
    private var answered = false

    /// A responder that reads the caller's dialect from `sniffer`, which it places first in the pipeline,
    /// and counts each answer in `metrics` under the route `malformed`.
    init(sniffer: RequestPrefixSniffer, metrics: ProxyMetrics?) {
        self.sniffer = sniffer
        self.metrics = metrics
    }

    /// An HTTP/1 server whose connections each get a responder (and its sniffer).
    static func http1Server(metrics: ProxyMetrics?) -> HTTPServerBuilder {
        .http1(
            configuration: .init(
                additionalChannelHandlers: [
                    MalformedRequestResponder(sniffer: RequestPrefixSniffer(), metrics: metrics)
                ],
                httpDecoderConfiguration: decoderLimits))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        try? context.pipeline.syncOperations.addHandler(sniffer, position: .first)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: readingRequest = true
        case .body: break
        case .end:
            readingRequest = false
            sniffer.reset()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        switch part {
        case .head: writingResponse = true
        case .body: break
        case .end: writingResponse = false
        }
        context.write(data, promise: promise)
        if case .end = part, let failure = pending {
            pending = nil
            answer(failure, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Only a request head that could not be read is answered here; a broken connection, or an error in
        // the body of a request being handled, is the server's and that request's.
        guard !readingRequest, error is HTTPParserError || error is HTTP1TypeConversionError else {
            context.fireErrorCaught(error)
            return
        }
        guard !answered, pending == nil else { return }
        let failure =
            sniffer.isHTTP2Preface
            ? ProxyFailure(
                status: 505, type: nil,
                message: "this proxy speaks HTTP/1.1 and got an HTTP/2 connection preface; send HTTP/1.1 "
                    + "(HTTP/2 without TLS, prior knowledge, is not served)")
            : Self.failure(for: error)
        if writingResponse {
            pending = failure
        } else {
            answer(failure, context: context)
        }
    }

    private func answer(_ failure: ProxyFailure, context: ChannelHandlerContext) {
        answered = true
        metrics?.request(route: "malformed", status: failure.status, cache: nil, seconds: 0)
        let dialect = sniffer.likelyDialect
        let bytes = (try? CanonicalJSON.encode(failure.body(in: dialect))) ?? Array("{}".utf8)
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(bytes.count)
        fields[.connection] = "close"
        context.write(
            wrapOutboundOut(.head(HTTPResponse(status: .init(code: failure.status), headerFields: fields))),
            promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: bytes))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        // Close once the answer is on the wire; closing at once could reset the connection before the
        // caller has read it.
        let channel = context.channel
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }

    /// The answer to a request head that could not be read.
    static func failure(for error: any Error) -> ProxyFailure {
        guard let parse = error as? HTTPParserError else {
            return ProxyFailure(
                status: 400, type: nil,
                message: "the request's head cannot be read as HTTP/1.1 (\(error)); send a valid request")
        }
        let limits = decoderLimits
        switch parse {
        case .headerOverflow:
            return ProxyFailure(
                status: 431, type: nil,
                message:
                    "the request's headers are larger than this proxy accepts: at most \(limits.maxHeaderFieldSize / 1024) KB "
                    + "per header and \(limits.maxHeaderListSize / 1024) KB in all; an API key is at most a few hundred bytes, "
                    + "so check what the client puts in its headers")
        case .invalidHeaderToken, .invalidCharactersUsed:
            return ProxyFailure(
                status: 400, type: nil,
                message: "a request header has a character HTTP does not allow there (a control character such as "
                    + "a newline or NUL in a value, or a space or separator in a name); remove it and send again")
        case .invalidMethod:
            return ProxyFailure(
                status: 400, type: nil,
                message: "the request's method is not an HTTP method; this proxy serves POST /v1/messages and "
                    + "POST /v1/chat/completions")
        case .invalidURL, .invalidPath, .invalidQueryString, .invalidFragment, .invalidHost, .invalidPort:
            return ProxyFailure(
                status: 400, type: nil,
                message: "the request's target is not a valid URL path (\(parse)); send e.g. /v1/messages")
        case .invalidVersion:
            return ProxyFailure(
                status: 400, type: nil, message: "the request's HTTP version cannot be read; this proxy speaks HTTP/1.1"
            )
        case .invalidContentLength, .unexpectedContentLength, .invalidChunkSize:
            return ProxyFailure(
                status: 400, type: nil,
                message: "the request's body framing is not valid HTTP/1.1 (\(parse)); send one valid Content-Length "
                    + "or a well-formed chunked body")
        default:
            return ProxyFailure(
                status: 400, type: nil, message: "the request is not valid HTTP/1.1 (\(parse)); send a valid request")
        }
    }
}
