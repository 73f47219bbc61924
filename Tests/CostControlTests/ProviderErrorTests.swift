import CostControl
import Foundation
import LLMCore
import Testing

@Suite("Provider errors")
struct ProviderErrorTests {
    @Test("an Anthropic overloaded response is transient and keeps its type, message and request id")
    func anthropicOverloaded() {
        let body = Data(
            #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011"}"#.utf8)
        let error = ProviderError(status: 529, headers: ["Retry-After": "3"], body: body, provider: .anthropic)
        #expect(error.errorType == "overloaded_error")
        #expect(error.message == "Overloaded")
        #expect(error.requestID == "req_011")
        #expect(error.transience == .transient)
        #expect(error.advisedWait(now: Date()) == .seconds(3))
        #expect(error.description == "HTTP 529 from anthropic (overloaded_error): Overloaded [request req_011]")
    }

    @Test("an OpenAI 400 is permanent; the header's request id wins")
    func openAIBadRequest() {
        let body = Data(
            #"{"error":{"message":"max_tokens is too large","type":"invalid_request_error","param":"max_tokens","code":null}}"#
                .utf8)
        let error = ProviderError(status: 400, headers: ["x-request-id": "req_abc"], body: body, provider: .openAI)
        #expect(error.errorType == "invalid_request_error")
        #expect(error.requestID == "req_abc")
        #expect(error.transience == .permanent)
    }

    @Test("an OpenAI rate limit with only a code, and a body that is not JSON")
    func codesAndPlainBodies() {
        let coded = ProviderError(
            status: 429, headers: [:],
            body: Data(#"{"error":{"message":"slow down","code":"rate_limit_exceeded"}}"#.utf8))
        #expect(coded.errorType == "rate_limit_exceeded")
        let plain = ProviderError(status: 502, headers: [:], body: Data("<html>Bad Gateway</html>".utf8))
        #expect(plain.message == "<html>Bad Gateway</html>")
        #expect(plain.transience == .transient)
    }

    @Test("a stream overload before content is transient, after content permanent")
    func streamEvents() {
        let event = Data(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#.utf8)
        #expect(ProviderError(streamEvent: event, afterContent: false).transience == .transient)
        #expect(ProviderError(streamEvent: event, afterContent: true).transience == .permanent)
        let invalid = Data(#"{"type":"error","error":{"type":"invalid_request_error","message":"bad"}}"#.utf8)
        #expect(ProviderError(streamEvent: invalid, afterContent: false).transience == .permanent)
    }
}
