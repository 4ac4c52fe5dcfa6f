import CourseBridgeCore
import CourseBridgeData
import CourseBridgeEngine
@testable import CourseBridgeServer
import CourseBridgeTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging

/// `serve`'s Hummingbird application (the one `StatisticsServer.start` runs) over an in-memory store, driven
/// without a socket through `app.test(.router)`. Seeded with group Acme, learner Ann, LinkedIn integration 1
/// with webhook credentials, and course 1 (`urn:li:lyndaCourse:252`) with a launch URL.
struct InProcessServer: Sendable {
    static let launchURL = "https://www.linkedin.com/learning/swift"

    let store: any DataStore
    let services: StatisticsServices
    let app: Application<CallbackResponder<ServerContext>>
    let clientId: String
    let clientSecret: String

    init(settings: ServerSettings = ServerSettings()) throws {
        store = try TestBackend.sqlite.makeStore()
        _ = try store.addGroup(name: "Acme", parentId: nil, isPrivate: false)
        for email in ["admin@acme.example", "ann@acme.example"] { _ = try store.addUser(User(email: email)) }
        try store.setMember(groupId: 1, email: "admin@acme.example", role: .editor)
        let integration = try store.addIntegration(provider: .linkedin, groupId: 1, authorEmail: "admin@acme.example",
                                                   apiBase: nil, tokenURL: nil)
        let credentials = try store.webhookCredentials(integrationId: 1, rotate: false).0
        clientId = credentials.clientId
        clientSecret = credentials.clientSecret ?? ""
        var page = PageWrites()
        page.create(CatalogItem(providerId: "urn:li:lyndaCourse:252", title: "Swift", durationSeconds: 3600, launchURL: Self.launchURL),
                    tagSync: false)
        try store.apply(page, integration: integration, groups: [1], runId: nil)

        services = StatisticsServices(store: store)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let routes = StatisticsRoutes(services: services, settings: settings, logger: logger)
        app = try StatisticsServer.application(routes, settings: settings, logger: logger)
    }

    /// Runs `body` with a client whose requests go straight to the application.
    func test<Value: Sendable>(_ body: @Sendable (Client) async throws -> Value) async throws -> Value {
        try await app.test(.router) { client in try await body(Client(client: client)) }
    }

    /// What an HTTP client sees.
    struct Reply: Sendable {
        var status: Int
        var headers: HTTPFields
        var body: String

        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
        /// The JSON object body's string field (`error`, `message`, `error_description`, `path`…).
        func field(_ name: String) -> String? { object[name] as? String }
        var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
        var array: [String]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String] }
    }

    struct Client: Sendable {
        let client: any TestClientProtocol

        func request(_ method: HTTPRequest.Method, _ uri: String, headers: [String: String] = [:], body: String? = nil) async throws -> Reply {
            var fields = HTTPFields()
            for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
            let response = try await client.execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) })
            return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
        }

        /// `POST /api/linkedinlearning/oauth2/token` with form parameters.
        func token(clientId: String, secret: String, provider: String = "linkedinlearning") async throws -> Reply {
            let form = "grant_type=client_credentials&client_id=\(Self.encoded(clientId))&client_secret=\(Self.encoded(secret))"
            return try await request(.post, "/api/\(provider)/oauth2/token",
                                     headers: ["Content-Type": "application/x-www-form-urlencoded"], body: form)
        }

        /// Statements with a bearer token (nil: no Authorization header) and an xAPI version (nil: no header).
        func statements(_ body: String, token: String?, path: String = "/api/linkedinlearning/stats",
                        method: HTTPRequest.Method = .post, version: String? = "1.0.3") async throws -> Reply {
            var headers = ["Content-Type": "application/json"]
            if let version { headers["X-Experience-API-Version"] = version }
            if let token { headers["Authorization"] = "Bearer \(token)" }
            return try await request(method, path, headers: headers, body: body)
        }

        static func encoded(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }
    }

    /// A fresh access token for integration 1.
    func accessToken(_ client: Client) async throws -> String {
        let reply = try await client.token(clientId: clientId, secret: clientSecret)
        guard let token = reply.field("access_token") else { throw HarnessError("no token: \(reply.status) \(reply.body)") }
        return token
    }
}
