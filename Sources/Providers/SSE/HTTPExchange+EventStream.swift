import AsyncHTTPClient
import Foundation
import LLMCore
import Logging
import WireFormats

extension HTTPExchange {
    /// Reads a `text/event-stream` body into `continuation` through `assembler`, and finishes the stream:
    /// with the assembler's error, with a transport error, or with an incomplete-stream error when the body
    /// ends before the final event. Nothing after the final event is read.
    func pump<Assembler: StreamAssembling>(
        _ response: HTTPClientResponse, assembler initial: Assembler,
        into continuation: AsyncThrowingStream<StreamEvent, any Error>.Continuation
    ) async {
        var assembler = initial
        var parser = ServerSentEventParser()
        let headers = Self.headerMap(response.headers)
        let requestID = headers["request-id"] ?? headers["x-request-id"]
        do {
            reading: for try await chunk in response.body {
                for event in parser.feed(chunk.readableBytesView) {
                    for neutral in try assembler.consume(event) { continuation.yield(neutral) }
                    if assembler.finished { break reading }
                }
            }
            if assembler.finished {
                continuation.finish()
                return
            }
            let pending = parser.finish()
            throw incomplete(
                assembler, requestID: requestID, headers: headers,
                detail: pending ? "the stream was cut inside an event" : "the stream ended before its final event")
        } catch let error as ProviderError {
            continuation.finish(throwing: redacted(error))
        } catch is CancellationError {
            continuation.finish(throwing: CancellationError())
        } catch let error as InvalidProviderBodyError {
            continuation.finish(throwing: invalidResponse(response, error.description))
        } catch let error as UsageNormalizationError {
            continuation.finish(throwing: invalidResponse(response, error.description))
        } catch {
            if Task.isCancelled {
                continuation.finish(throwing: CancellationError())
                return
            }
            logger.debug("stream broke", metadata: ["error": "\(redacted(String(describing: error)))"])
            if assembler.deliveredContent {
                continuation.finish(
                    throwing: incomplete(
                        assembler, requestID: requestID, headers: headers,
                        detail: "the connection broke mid-stream: \(redacted(String(describing: error)))"))
            } else {
                continuation.finish(throwing: mapTransportError(error))
            }
        }
    }

    /// A stream that ended early. Before any content it is a connection failure (a retry repeats nothing the
    /// caller saw); after content it is a stream error that is not retried.
    private func incomplete<Assembler: StreamAssembling>(
        _ assembler: Assembler, requestID: String?, headers: [String: String], detail: String
    ) -> ProviderError {
        if assembler.deliveredContent {
            return ProviderError(
                kind: .streamError(type: "incomplete_stream", afterContent: true), provider: provider,
                errorType: "incomplete_stream", message: detail, requestID: requestID, headers: headers,
                billedUsage: assembler.usage)
        }
        return ProviderError(
            kind: .connectionFailed, provider: provider, errorType: "incomplete_stream", message: detail,
            requestID: requestID, headers: headers, billedUsage: assembler.usage)
    }
}
