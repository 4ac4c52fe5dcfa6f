import CourseBridgeCore
import CCurl
import Foundation

// libcurl calls these plain C functions; the context pointer is an unretained `CurlSink`
// that lives for the whole `curl_easy_perform` call.

/// Collects the body and header lines of one transfer, and carries the cancellation check and
/// the size cap.
final class CurlSink {
    var body = Data()
    var headers = HTTPHeaders()
    let isCancelled: () -> Bool
    /// Bytes of headers and (decoded) body the transfer may deliver in all.
    let limit: Int
    private(set) var received = 0
    /// Set when the cap stopped the transfer, to tell that abort from a real write error.
    private(set) var exceededLimit = false

    init(limit: Int, isCancelled: @escaping () -> Bool) {
        self.limit = limit
        self.isCancelled = isCancelled
    }

    /// Counts `length` more bytes; false once the cap is passed (the callback then stops the transfer).
    func admit(_ length: Int) -> Bool {
        received += length
        if received > limit { exceededLimit = true }
        return !exceededLimit
    }
}

// Returning anything but `length` makes curl abort the transfer with CURLE_WRITE_ERROR.

/// curl hands this callback the body after decoding gzip/brotli/zstd, so the count is the inflated size.
func curlWriteBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let data, let context else { return length }
    let sink = Unmanaged<CurlSink>.fromOpaque(context).takeUnretainedValue()
    guard sink.admit(length) else { return 0 }
    data.withMemoryRebound(to: UInt8.self, capacity: length) { sink.body.append($0, count: length) }
    return length
}

func curlWriteHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let data, let context else { return length }
    let sink = Unmanaged<CurlSink>.fromOpaque(context).takeUnretainedValue()
    // Endless header lines count against the same cap as the body.
    guard sink.admit(length) else { return 0 }
    let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }.trimmed
    if line.hasPrefix("HTTP/") {
        // A new status line (redirect, 100-continue): only the last response's headers count.
        sink.headers = HTTPHeaders()
    } else if let colon = line.firstIndex(of: ":") {
        let name = String(line[..<colon]).trimmed
        let value = String(line[line.index(after: colon)...]).trimmed
        sink.headers.add(name: name, value: value)
    }
    return length
}

/// Returning non-zero aborts the transfer: this is how a cancelled run stops mid-request.
func curlProgress(_ context: UnsafeMutableRawPointer?, _ dlTotal: curl_off_t, _ dlNow: curl_off_t,
                  _ ulTotal: curl_off_t, _ ulNow: curl_off_t) -> Int32 {
    guard let context else { return 0 }
    let sink = Unmanaged<CurlSink>.fromOpaque(context).takeUnretainedValue()
    return sink.isCancelled() ? 1 : 0
}
