import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import ProviderSimulator
import CourseBridgeCore

/// A minimal HTTP client over URLSession for tests only (the product uses libcurl).
struct HTTPResult: Sendable {
    let status: Int
    let headers: [String: String]
    let body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
    func json() throws -> Any { try JSONSerialization.jsonObject(with: body) }
    func object() throws -> [String: Any] {
        guard let o = try json() as? [String: Any] else { throw TestFailure("not a JSON object: \(text.prefix(200))") }
        return o
    }
    func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum HTTP {
    static let session: URLSession = {
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = 20
        return URLSession(configuration: config)
    }()

    static func get(_ url: String, auth: String? = nil) async throws -> HTTPResult {
        try await send(url, method: "GET", headers: auth.map { ["Authorization": $0] } ?? [:])
    }

    static func postForm(_ url: String, _ form: [String: String], headers: [String: String] = [:]) async throws -> HTTPResult {
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        var h = headers
        h["Content-Type"] = "application/x-www-form-urlencoded"
        return try await send(url, method: "POST", headers: h, body: Data(body.utf8))
    }

    static func send(_ url: String, method: String, headers: [String: String] = [:], body: Data? = nil) async throws -> HTTPResult {
        guard let u = URL(string: url) else { throw TestFailure("bad URL \(url)") }
        var request = URLRequest(url: u)
        request.httpMethod = method
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        request.httpBody = body
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw TestFailure("no HTTP response") }
        var fields: [String: String] = [:]
        for (k, v) in http.allHeaderFields { fields["\(k)"] = "\(v)" }
        return HTTPResult(status: http.statusCode, headers: fields, body: data)
    }
}

// MARK: - Provider helpers

extension SimulatorServer {
    /// A fresh access token (the `Authorization` header value) for the provider.
    func authorization(_ provider: Provider) async throws -> String {
        let c = credentialValues(for: provider)
        func token(_ r: HTTPResult) throws -> String {
            guard r.status == 200, let t = try r.object()["access_token"] as? String else {
                throw TestFailure("token request refused with \(r.status)")
            }
            return t
        }
        switch provider {
        case .linkedin:
            let r = try await HTTP.postForm(tokenURL(for: .linkedin)!, ["grant_type": "client_credentials",
                                                                        "client_id": c["client_id"]!, "client_secret": c["client_secret"]!])
            return "Bearer " + (try token(r))
        case .coursera:
            let basic = Data("\(c["client_id"]!):\(c["client_secret"]!)".utf8).base64EncodedString()
            let r = try await HTTP.postForm(tokenURL(for: .coursera)!, ["grant_type": "client_credentials"],
                                            headers: ["Authorization": "Basic \(basic)"])
            return "Bearer " + (try token(r))
        case .edx:
            let r = try await HTTP.postForm(tokenURL(for: .edx)!, ["grant_type": "client_credentials", "token_type": "jwt",
                                                                   "client_id": c["client_id"]!, "client_secret": c["client_secret"]!])
            return "JWT " + (try token(r))
        case .skillsoft:
            return "Bearer " + c["bearer_token"]!
        }
    }

    /// The URL of the first listing page of the provider's catalog.
    func firstPageURL(_ provider: Provider, size: Int, locale: (String, String) = ("en", "US")) -> String {
        let base = apiBase(for: provider)
        let c = credentialValues(for: provider)
        switch provider {
        case .linkedin:
            return base + "/learningAssets?q=localeAndType&assetType=COURSE&sourceLocale.language=\(locale.0)"
                + "&sourceLocale.country=\(locale.1)&expandDepth=1&includeRetired=true&start=0&count=\(size)"
        case .coursera: return base + "/\(c["org_id"]!)/contents?start=0&limit=\(size)"
        case .edx: return base + "/enterprise/v2/enterprise-catalogs/\(SimulatedCatalog.edxCatalogs[0].uuid)/?page=1&page_size=\(size)"
        case .skillsoft: return base + "/content-discovery/v2/organizations/\(c["organization_id"]!)/catalog-content?offset=0&max=\(size)"
        }
    }

    /// Follows the provider's paging contract to the end; returns the provider ids in order and the page count.
    func readListing(_ provider: Provider, size: Int, locale: (String, String) = ("en", "US")) async throws -> (ids: [String], pages: Int) {
        let auth = try await authorization(provider)
        var url: String? = firstPageURL(provider, size: size, locale: locale)
        var ids: [String] = []
        var pages = 0
        var pagingId: String?
        var offset = 0
        while let current = url {
            let r = try await HTTP.get(current, auth: auth)
            guard r.status == 200 else { throw TestFailure("status \(r.status) on \(current): \(r.text.prefix(200))") }
            pages += 1
            switch provider {
            case .linkedin:
                let o = try r.object()
                ids += (o["elements"] as! [[String: Any]]).map { $0["urn"] as! String }
                let links = (o["paging"] as! [String: Any])["links"] as! [[String: Any]]
                url = links.first { $0["rel"] as? String == "next" }.map { baseURL + ($0["href"] as! String) }
            case .coursera:
                let o = try r.object()
                ids += (o["elements"] as! [[String: Any]]).map { $0["contentId"] as! String }
                url = ((o["paging"] as! [String: Any])["next"] as? String).map { next in
                    apiBase(for: .coursera) + "/\(credentialValues(for: .coursera)["org_id"]!)/contents?start=\(next)&limit=\(size)"
                }
            case .edx:
                let o = try r.object()
                ids += (o["results"] as! [[String: Any]]).map { $0["key"] as! String }
                url = (o["next"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            case .skillsoft:
                let items = try r.json() as! [[String: Any]]
                ids += items.map { $0["id"] as! String }
                pagingId = pagingId ?? r.header("x-paging-request-id")
                offset += size
                // Legacy shapes announce x-total-count; documented ones link the next page.
                let more = r.header("x-total-count").map { offset < (Int($0) ?? 0) }
                    ?? (r.header("link")?.contains("rel=\"next\"") == true)
                url = more
                    ? firstPageURL(.skillsoft, size: size).replacingOccurrences(of: "offset=0", with: "offset=\(offset)")
                        + "&pagingRequestId=\(pagingId!)"
                    : nil
            }
        }
        return (ids, pages)
    }
}
