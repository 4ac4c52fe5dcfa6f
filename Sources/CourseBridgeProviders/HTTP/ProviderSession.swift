import CourseBridgeCore
import Foundation

/// Authorized API calls to one provider: adds the `Authorization` header, retries through the
/// executor, gets a new token once on a 401, and maps every failure to a scrubbed `ProviderError`.
/// Every call goes to the API base's origin: a `next` link (or any URL a response names) that
/// points elsewhere fails the listing before anything is sent, so the token never leaves it.
struct ProviderSession: Sendable {
    let executor: RequestExecutor
    let authorizer: Authorizer
    /// The integration's API base; its scheme, host and port are the only ones called.
    let apiBase: String
    /// Statuses that mean "this organization id is wrong or not yours" (Coursera, Skillsoft: 403/404).
    let organizationStatuses: Set<Int>
    let extraSecrets: [String]

    var provider: Provider { executor.provider }
    var scrubber: SecretScrubber { SecretScrubber(secrets: authorizer.secrets + extraSecrets) }

    /// A 2xx response, or a thrown `ProviderError`.
    func send(_ request: HTTPRequest) throws(ProviderError) -> HTTPResponse {
        var request = request
        for _ in 0...Self.maxRedirects {
            let response = try sendOnce(request)
            guard Self.redirectStatuses.contains(response.status) else { return response }
            // A GET's redirect is followed on the API base's origin only: elsewhere it fails before anything is sent.
            // Any other method's redirect fails (following it would replay a body to another URL).
            guard request.method == .get, let location = response.headers["Location"], let next = URLBuilder.resolve(location, against: request.url) else {
                throw failure(for: response, request: request)
            }
            try requireAPIOrigin(next)
            request = HTTPRequest(url: next, headers: request.headers.filter { $0.name.lowercased() != "authorization" })
        }
        throw error(request.url, .malformedPage(url: scrubber.scrub(request.url),
                                               reason: "more than \(Self.maxRedirects) redirects in a row"))
    }

    static let maxRedirects = 5
    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// One request: a 2xx, or a redirect (for `send` to follow), or a thrown `ProviderError`.
    private func sendOnce(_ request: HTTPRequest) throws(ProviderError) -> HTTPResponse {
        try requireAPIOrigin(request.url)
        var refreshed = false
        while true {
            var authorized = request
            authorized.headers.append(("Authorization", try authorizer.authorization(forceRefresh: refreshed)))
            if !authorized.headers.contains(where: { $0.name.lowercased() == "accept" }) {
                authorized.headers.append(("Accept", "application/json"))
            }
            let response = try executor.send(authorized, scrubber: scrubber)
            if (200...299).contains(response.status) || Self.redirectStatuses.contains(response.status) { return response }
            if response.status == 401, authorizer.canRefresh, !refreshed {
                // The token may have expired early or been revoked: one new token, then give up.
                refreshed = true
                continue
            }
            throw failure(for: response, request: request)
        }
    }

    /// GET and parse JSON; a body that is not JSON fails the page.
    func getJSON(_ url: String) throws(ProviderError) -> (ProviderJSON, HTTPResponse) {
        let response = try send(HTTPRequest(url: url))
        return (try parse(response), response)
    }

    func parse(_ response: HTTPResponse) throws(ProviderError) -> ProviderJSON {
        do {
            return try ProviderJSON.page(response.body)
        } catch {
            throw notJSON(response)
        }
    }

    /// GET and read the body straight into a page's fields (a `JSONScanner` reader); a body that is not JSON fails the page.
    func get<Page>(_ url: String, reading read: (Data) throws(JSONSyntaxError) -> Page) throws(ProviderError) -> (Page, HTTPResponse) {
        let response = try send(HTTPRequest(url: url))
        do {
            return (try read(response.body), response)
        } catch {
            throw notJSON(response)
        }
    }

    private func notJSON(_ response: HTTPResponse) -> ProviderError {
        ProviderError(provider: provider, host: HTTPRequest(url: response.url).host,
                      kind: .malformedPage(url: scrubber.scrub(response.url), reason: "the body is not valid JSON"))
    }

    /// Refuses a URL outside the API base's origin, or one that is not http(s), naming only its origin.
    func requireAPIOrigin(_ url: String) throws(ProviderError) {
        let allowed = URLOrigin(apiBase)
        if let allowed, URLOrigin(url) == allowed { return }
        let base = allowed?.description ?? scrubber.scrub(apiBase)
        throw ProviderError(provider: provider, host: allowed?.host ?? HTTPRequest(url: apiBase).host,
                            kind: .linkOutsideAPIBase(target: scrubber.scrub(URLOrigin.describeTarget(url)), apiBase: base))
    }

    func error(_ url: String, _ kind: ProviderError.Kind) -> ProviderError {
        ProviderError(provider: provider, host: HTTPRequest(url: url).host, kind: kind)
    }

    // MARK: - Status mapping

    private func failure(for response: HTTPResponse, request: HTTPRequest) -> ProviderError {
        let message = ProviderMessage.extract(from: response.body).map(scrubber.scrub)
        let kind: ProviderError.Kind
        switch response.status {
        case 401:
            kind = .wrongCredentials(status: 401, message: message)
        case let s where organizationStatuses.contains(s):
            kind = .wrongOrganization(status: s, message: message)
        default:
            kind = .unexpectedResponse(status: response.status, message: message)
        }
        return ProviderError(provider: provider, host: request.host, kind: kind)
    }
}

// MARK: - URLs

enum URLBuilder {
    /// `base` + `path` + query, with the base's trailing slash and the path's leading slash merged.
    static func url(_ base: String, _ path: String, query: [(String, String)] = []) -> String {
        var url = base.hasSuffix("/") ? String(base.dropLast()) : base
        url += path.hasPrefix("/") || path.isEmpty ? path : "/" + path
        guard !query.isEmpty else { return url }
        let q = query.map { "\(queryEscape($0.0))=\(queryEscape($0.1))" }.joined(separator: "&")
        return url + (url.contains("?") ? "&" : "?") + q
    }

    static func queryEscape(_ s: String) -> String { HTTPRequest.formEscape(s) }

    static func pathEscape(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? s
    }

    /// A `next` link may be absolute or relative (to the page that carried it).
    static func resolve(_ link: String, against pageURL: String) -> String? {
        if let absolute = URL(string: link), absolute.scheme != nil { return absolute.absoluteString }
        guard let base = URL(string: pageURL), let resolved = URL(string: link, relativeTo: base) else { return nil }
        return resolved.absoluteString
    }

    /// The value of one query parameter of a URL.
    static func queryValue(_ name: String, in url: String) -> String? {
        URLComponents(string: url)?.queryItems?.first { $0.name == name }?.value
    }
}
