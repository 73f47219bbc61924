import ArgumentParser
import Foundation
import LLMCore
import WireFormats

/// A JSON Lines file of batch requests in either provider's batch format, read into items of one provider.
struct BatchInputFile {
    /// The provider every line is for.
    var provider: ProviderID
    /// The items, in file order.
    var items: [BatchItem]

    /// Reads `path`: each line Anthropic's `{"custom_id", "params"}` or OpenAI's
    /// `{"custom_id", "method", "url", "body"}`; all lines must be for one provider.
    init(path: String, defaultMaxTokens: Int = 4096) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("cannot read \(path): \(error.localizedDescription)")
        }
        let lines: [JSONValue]
        do {
            lines = try JSONLines.decode(data, expected: "a batch input file")
        } catch {
            throw ValidationError("\(path): \(error)")
        }
        guard !lines.isEmpty else { throw ValidationError("\(path) has no requests") }
        var items: [BatchItem] = []
        var providers: Set<ProviderID> = []
        for (number, line) in lines.enumerated() {
            let place = "\(path), request \(number + 1)"
            guard let customID = line["custom_id"]?.stringValue else {
                throw ValidationError("\(place): custom_id is required")
            }
            do {
                let request: LLMRequest
                if let params = line["params"] {
                    request = try AnthropicRequestDecoder.request(from: params)
                    providers.insert(.anthropic)
                } else if let body = line["body"], let url = line["url"]?.stringValue {
                    switch url {
                    case "/v1/chat/completions":
                        request = try OpenAIChatRequestDecoder.request(from: body, defaultMaxTokens: defaultMaxTokens)
                    case "/v1/responses":
                        request = try OpenAIResponsesRequestDecoder.request(
                            from: body, defaultMaxTokens: defaultMaxTokens)
                    default:
                        throw ValidationError("url \(url) cannot be batched; use /v1/chat/completions or /v1/responses")
                    }
                    providers.insert(.openAI)
                } else {
                    throw ValidationError(
                        #"expected {"custom_id", "params"} (Anthropic) or {"custom_id", "method", "url", "body"} (OpenAI)"#
                    )
                }
                if request.stream {
                    throw ValidationError("stream: a batch request is never streamed; remove \"stream\": true")
                }
                items.append(BatchItem(customID: customID, request: request))
            } catch let error as ValidationError {
                throw ValidationError("\(place): \(error.message)")
            } catch {
                throw ValidationError("\(place): \(error)")
            }
        }
        guard providers.count == 1, let provider = providers.first else {
            throw ValidationError("\(path) mixes Anthropic and OpenAI requests; one batch goes to one provider")
        }
        self.provider = provider
        self.items = items
    }
}
