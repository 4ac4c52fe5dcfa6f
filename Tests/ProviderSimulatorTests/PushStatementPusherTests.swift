import CourseBridgeProviders
import Foundation
@testable import ProviderSimulator
import Synchronization
import Testing

/// The pusher's token flow and request shapes, against a scripted transport (the real server is
/// exercised end to end in CourseBridgeCLITests/PushEndToEndTests).
struct PushStatementPusherTests {
    static let secret = "s3cr3t-webhook-value"

    /// Answers from a script and keeps every request.
    final class ScriptedTransport: HTTPTransport {
        let requests = Mutex<[HTTPRequest]>([])
        let answer: @Sendable (HTTPRequest, Int) -> HTTPResponse?

        init(_ answer: @escaping @Sendable (HTTPRequest, Int) -> HTTPResponse?) { self.answer = answer }

        func perform(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
            let n = requests.withLock { $0.append(request); return $0.count - 1 }
            guard let response = answer(request, n) else { throw .unreachable(host: request.host, detail: "Connection refused") }
            return response
        }

        var all: [HTTPRequest] { requests.withLock { $0 } }
    }

    static func json(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, body: Data(text.utf8), url: "http://127.0.0.1")
    }

    static let tokenOK = json(200, #"{"access_token":"tok-1","token_type":"Bearer","expires_in":3600}"#)

    func statements(_ provider: PushProvider, count: Int) -> [GeneratedStatement] {
        let g = StatementGenerator(catalog: SimulatedCatalog(seed: 3, items: 200),
                                   options: .init(provider: provider, learners: count))
        return Array(g.batch(0).prefix(count))
    }

    func pusher(_ provider: PushProvider, batchSize: Int = 50, _ transport: ScriptedTransport) -> StatementPusher {
        StatementPusher(target: PushTarget(baseURL: "http://127.0.0.1:9/", provider: provider, clientId: "cid", clientSecret: Self.secret),
                        batchSize: batchSize, transport: transport)
    }

    func form(_ request: HTTPRequest) -> [String: String] {
        let text = String(decoding: request.body ?? Data(), as: UTF8.self)
        return Dictionary(text.split(separator: "&").map {
            let kv = $0.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            return (kv[0], kv.count > 1 ? kv[1] : "")
        }, uniquingKeysWith: { a, _ in a })
    }

    func header(_ request: HTTPRequest, _ name: String) -> String? {
        request.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    // MARK: - Token flow then statements

    @Test(arguments: PushProvider.allCases)
    func getsATokenFirstThenPostsWithBearerAndVersion(_ provider: PushProvider) throws {
        let transport = ScriptedTransport { request, _ in
            request.url.hasSuffix("/oauth2/token") ? Self.tokenOK : Self.json(200, "[]")
        }
        let batch = statements(provider, count: 4)
        let report = try pusher(provider, transport).push(batch)
        #expect(report.sent == 4 && report.accepted == 4 && report.rejected == 0 && report.tokenRequests == 1)

        let requests = transport.all
        #expect(requests.count == 2)
        let segment = provider == .linkedin ? "linkedinlearning" : "skillsoft"
        #expect(requests[0].url == "http://127.0.0.1:9/api/\(segment)/oauth2/token")
        let fields = form(requests[0])
        // Percipio's documented token request has no grant_type (finding S4); LinkedIn's has one.
        #expect(fields["grant_type"] == (provider == .linkedin ? "client_credentials" : nil))
        #expect(fields["client_id"] == "cid" && fields["client_secret"] == Self.secret)
        #expect(fields["scope"] == (provider == .linkedin ? "xapi:write" : nil))

        let post = requests[1]
        #expect(post.url == (provider == .linkedin ? "http://127.0.0.1:9/api/linkedinlearning/stats"
                                                   : "http://127.0.0.1:9/api/skillsoft/statements"))
        #expect(header(post, "Authorization") == "Bearer tok-1")
        #expect(header(post, "X-Experience-API-Version") == (provider == .linkedin ? "1.0.0" : "1.0.3"))
        let body = try JSONSerialization.jsonObject(with: post.body ?? Data()) as? [[String: Any]]
        #expect(body?.compactMap { $0["id"] as? String } == batch.map(\.id))
    }

    @Test func batchSizeOneSendsSingleStatementObjectsAndReusesTheToken() throws {
        let transport = ScriptedTransport { request, _ in
            request.url.hasSuffix("/oauth2/token") ? Self.tokenOK : Self.json(200, "[]")
        }
        let pusher = pusher(.linkedin, batchSize: 1, transport)
        let report = try pusher.push(statements(.linkedin, count: 3))
        #expect(report.accepted == 3 && report.tokenRequests == 1)
        let again = try pusher.push(statements(.linkedin, count: 2))
        #expect(again.tokenRequests == 0, "a valid token is reused across pushes")
        for post in transport.all where post.url.hasSuffix("/stats") {
            let object = try JSONSerialization.jsonObject(with: post.body ?? Data())
            #expect(object is [String: Any], "one statement, not an array")
        }
    }

    // MARK: - 401 and refusals

    @Test func a401GetsOneNewTokenAndTheBatchIsResent() throws {
        let transport = ScriptedTransport { request, n in
            if request.url.hasSuffix("/oauth2/token") { return Self.tokenOK }
            return n == 1 ? Self.json(401, #"{"error":"unauthorized"}"#) : Self.json(200, "[]")
        }
        let report = try pusher(.skillsoft, transport).push(statements(.skillsoft, count: 3))
        #expect(report.accepted == 3 && report.tokenRequests == 2)
        #expect(transport.all.map { $0.url.hasSuffix("/oauth2/token") } == [true, false, true, false])
    }

    @Test func aSecond401IsARejectionNotALoop() throws {
        let transport = ScriptedTransport { request, _ in
            request.url.hasSuffix("/oauth2/token") ? Self.tokenOK : Self.json(401, #"{"error":"unauthorized"}"#)
        }
        let report = try pusher(.linkedin, transport).push(statements(.linkedin, count: 2))
        #expect(report.accepted == 0 && report.rejected == 2)
        #expect(report.rejections.first?.status == 401)
        #expect(transport.all.count == 4)
    }

    @Test func refusedStatementsAreCountedWithStatusAndBody() throws {
        let transport = ScriptedTransport { request, n in
            if request.url.hasSuffix("/oauth2/token") { return Self.tokenOK }
            return n == 1 ? Self.json(409, #"{"error":"conflict"}"#) : Self.json(200, "[]")
        }
        let report = try pusher(.linkedin, batchSize: 2, transport).push(statements(.linkedin, count: 4))
        #expect(report.sent == 4 && report.accepted == 2 && report.rejected == 2)
        #expect(report.rejections == [PushRejection(statementIds: Array(statements(.linkedin, count: 2).map(\.id)),
                                                    status: 409, body: #"{"error":"conflict"}"#)])
        #expect(report.summary.contains("4 sent, 2 accepted, 2 rejected (409"))
    }

    // MARK: - No secret in errors

    @Test func aRefusedTokenNamesTheStatusButNeverTheSecret() {
        let transport = ScriptedTransport { _, _ in
            Self.json(401, #"{"error":"invalid_client","error_description":"wrong secret \#(Self.secret)"}"#)
        }
        #expect {
            _ = try pusher(.linkedin, transport).push(statements(.linkedin, count: 1))
        } throws: { error in
            let text = "\(error)"
            return text.contains("401") && text.contains("invalid_client") && !text.contains(Self.secret)
        }
        #expect(!"\(PushTarget(baseURL: "x", provider: .linkedin, clientId: "cid", clientSecret: Self.secret))".contains(Self.secret))
    }

    @Test func anUnreachableServerStopsThePushAndSaysSo() throws {
        let transport = ScriptedTransport { request, n in n == 0 ? Self.tokenOK : nil }
        let report = try pusher(.skillsoft, batchSize: 1, transport).push(statements(.skillsoft, count: 3))
        #expect(report.sent == 1 && report.accepted == 0 && report.notSent == 2)
        #expect(report.rejections.first?.status == 0)
        #expect(report.summary.contains("unreachable"))
    }

    // MARK: - The loop of `simulate --push-to`

    @Test func theLoopPushesSuccessiveRoundsUntilStopped() throws {
        let transport = ScriptedTransport { request, _ in
            request.url.hasSuffix("/oauth2/token") ? Self.tokenOK : Self.json(200, "[]")
        }
        let generator = StatementGenerator(catalog: SimulatedCatalog(seed: 3, items: 200), options: .init(provider: .linkedin, learners: 2))
        let loop = PushLoop(generator: generator, pusher: pusher(.linkedin, transport), interval: 0.05)
        let lines = Mutex<[String]>([])
        loop.start { line in lines.withLock { $0.append(line) } }
        let deadline = Date() + 10
        while lines.withLock({ $0.count }) < 3, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        loop.stop()
        let seen = lines.withLock { $0 }
        #expect(seen.count >= 3)
        #expect(seen.prefix(3).map { String($0.prefix(7)) } == ["push 1:", "push 2:", "push 3:"])
        let posted = transport.all.filter { $0.url.hasSuffix("/stats") }.compactMap { $0.body }
        let firstRound = generator.batch(0).map(\.id), secondRound = generator.batch(1).map(\.id)
        #expect(posted.count >= 3)
        let ids = try posted.prefix(2).map { try (JSONSerialization.jsonObject(with: $0) as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
        #expect(ids == [firstRound, secondRound], "each push is the next round")
    }
}
