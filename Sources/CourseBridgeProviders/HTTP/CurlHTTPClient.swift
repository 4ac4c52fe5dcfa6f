import CCurl
import Foundation

/// libcurl global state is set up once per process, before the first handle.
private let curlGlobalInit: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

/// Synchronous HTTP over one reused libcurl easy handle (connection reuse across pages).
/// Call it from a Dispatch queue; concurrent callers are serialized.
public final class CurlHTTPClient: HTTPTransport, @unchecked Sendable {
    // @unchecked: the CURL* handle is only touched while `lock` is held.
    private let lock = NSLock()
    private let handle: UnsafeMutableRawPointer
    private let connectTimeout: Double
    private let totalTimeout: Double
    private let isCancelled: @Sendable () -> Bool
    private let userAgent: String
    private let maxResponseBytes: Int

    public init(connectTimeout: Double = 10, totalTimeout: Double = 60, userAgent: String = "CourseBridge/1.0",
                maxResponseBytes: Int = ResponseLimit.defaultBytes, isCancelled: @escaping @Sendable () -> Bool = { false }) {
        _ = curlGlobalInit
        guard let h = curl_easy_init() else { preconditionFailure("curl_easy_init failed: libcurl is unusable") }
        self.handle = h
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.isCancelled = isCancelled
        self.userAgent = userAgent
        self.maxResponseBytes = maxResponseBytes
    }

    deinit { curl_easy_cleanup(handle) }

    public func perform(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        lock.lock()
        defer { lock.unlock() }
        if isCancelled() { throw .cancelled }

        // Reset clears the options of the previous call but keeps the connection cache.
        curl_easy_reset(handle)
        let sink = CurlSink(limit: maxResponseBytes, isCancelled: isCancelled)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000))
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(totalTimeout * 1000))
        // Never file://, ftp:// and the like, neither asked for nor reached by a redirect: refuse rather than risk it.
        guard ccurl_allow_only_http(handle) == CURLE_OK else {
            throw .other(host: request.host, detail: "this libcurl cannot be limited to http and https")
        }
        _ = ccurl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        // A declared Content-Length over the cap fails at once; the write callbacks enforce it on decoded bytes.
        _ = ccurl_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxResponseBytes))
        // Redirects are never followed here: `ProviderSession` follows a GET's redirect itself, and only on the
        // API base's origin, so nothing (not even a request without credentials) goes to another host.
        _ = ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = ccurl_setopt_long(handle, CURLOPT_UNRESTRICTED_AUTH, 0)
        _ = ccurl_setopt_string(handle, CURLOPT_USERAGENT, userAgent)
        _ = ccurl_setopt_string(handle, CURLOPT_URL, request.url)
        _ = ccurl_setopt_write(handle, CURLOPT_WRITEFUNCTION, curlWriteBody)
        _ = ccurl_setopt_ptr(handle, CURLOPT_WRITEDATA, context)
        _ = ccurl_setopt_write(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        _ = ccurl_setopt_ptr(handle, CURLOPT_HEADERDATA, context)
        _ = ccurl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
        _ = ccurl_setopt_xferinfo(handle, curlProgress)
        _ = ccurl_setopt_ptr(handle, CURLOPT_XFERINFODATA, context)

        switch request.method {
        case .get:
            _ = ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        case .post, .put:
            let body = request.body ?? Data()
            _ = ccurl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
            if body.isEmpty {
                _ = ccurl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
            } else {
                _ = body.withUnsafeBytes { raw in
                    ccurl_setopt_ptr(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress!))
                }
            }
            if request.method == .put { _ = ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "PUT") }
        }
        if let auth = request.basicAuth {
            _ = ccurl_setopt_long(handle, CURLOPT_HTTPAUTH, CCURLAUTH_BASIC)
            _ = ccurl_setopt_string(handle, CURLOPT_USERNAME, auth.user)
            _ = ccurl_setopt_string(handle, CURLOPT_PASSWORD, auth.password)
        }
        // An empty Expect stops curl waiting for 100-continue on larger bodies.
        for (name, value) in request.headers + [("Expect", "")] {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        _ = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)

        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            if sink.exceededLimit || code == CURLE_FILESIZE_EXCEEDED {
                throw .responseTooLarge(host: request.host, limitBytes: maxResponseBytes)
            }
            throw Self.transportError(code, host: request.host)
        }

        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafeMutablePointer<CChar>?
        _ = ccurl_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        let finalURL = effective.map { String(cString: $0) } ?? request.url
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body, url: finalURL)
    }

    // MARK: - Error mapping

    static func transportError(_ code: CURLcode, host: String) -> TransportError {
        let detail = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_PROXY:
            return .unreachable(host: host, detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(host: host)
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED:
            return .tls(host: host, detail: detail)
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE:
            return .connectionLost(host: host, detail: detail)
        default:
            return .other(host: host, detail: detail)
        }
    }
}
