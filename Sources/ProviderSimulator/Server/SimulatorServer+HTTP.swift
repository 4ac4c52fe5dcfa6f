import Foundation
import HTTPTypes
import Hummingbird

/// Adapts Hummingbird requests and responses to the engine's plain values.
extension SimulatorServer {
    static let maxRequestBody = 1 << 20

    static func respond(_ engine: SimulatorEngine, _ request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: maxRequestBody)
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            query[String(key)] = String(value)
        }
        var headers: [String: String] = [:]
        for field in request.headers {
            headers[field.name.canonicalName] = field.value
        }
        // HTTP/1 Host arrives as the request's authority.
        if headers["host"] == nil, let authority = request.head.authority { headers["host"] = authority }
        let simRequest = SimRequest(method: request.method.rawValue, path: request.uri.path, query: query,
                                    headers: headers, body: String(buffer: body))
        let response = engine.handle(simRequest)
        if response.delayMs > 0 { try await Task.sleep(for: .milliseconds(response.delayMs)) }
        return makeResponse(response)
    }

    static func makeResponse(_ sim: SimResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in sim.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        let bytes = ByteBuffer(string: sim.body)
        switch sim.delivery {
        case .complete:
            return Response(status: .init(code: sim.status), headers: fields, body: .init(byteBuffer: bytes))
        case .truncated:
            // Announce the full length, send half, then fail: the connection closes mid-body.
            let half = bytes.getSlice(at: 0, length: bytes.readableBytes / 2) ?? ByteBuffer()
            let body = ResponseBody(contentLength: bytes.readableBytes) { writer in
                try await writer.write(half)
                throw TruncatedBody()
            }
            return Response(status: .init(code: sim.status), headers: fields, body: body)
        }
    }

    struct TruncatedBody: Error {}
}
