import HTTPTypes
import Hummingbird
import LLMCore
import NIOCore
import WireFormats

/// Building the proxy's plain responses.
enum HTTPResponses {
    /// A JSON response with `body`, `status` and extra `fields`. A status outside 100...599 (an upstream
    /// that answered with one) is sent as 502, since HTTP has no such status.
    static func json(_ body: JSONValue, status: Int, fields: HTTPFields = [:]) -> Response {
        json(bytes: jsonBytes(body), status: status, fields: fields)
    }

    /// A JSON answer whose body is already written.
    static func json(bytes: ByteBuffer, status: Int, fields: HTTPFields = [:]) -> Response {
        var headers = fields
        headers[.contentType] = "application/json"
        return Response(status: Self.status(status), headers: headers, body: ResponseBody(byteBuffer: bytes))
    }

    /// `body` written as JSON (`{}` for a value JSON cannot hold, such as a non-finite number).
    static func jsonBytes(_ body: JSONValue) -> ByteBuffer {
        ByteBuffer(bytes: (try? CanonicalJSON.encode(body)) ?? Array("{}".utf8))
    }

    /// `code` as a status; one outside 100...599 (an upstream that answered with one) is 502, since HTTP has no
    /// such status.
    static func status(_ code: Int) -> HTTPResponse.Status {
        HTTPResponse.Status(code: (100...599).contains(code) ? code : 502)
    }

    /// `failure` in `dialect`, with the headers it passes on.
    static func failure(_ failure: ProxyFailure, in dialect: WireDialect) -> Response {
        var fields = HTTPFields()
        for (name, value) in failure.headers { fields.set(value, named: name) }
        return json(failure.body(in: dialect), status: failure.status, fields: fields)
    }
}
