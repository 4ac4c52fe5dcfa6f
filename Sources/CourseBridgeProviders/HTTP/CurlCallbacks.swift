import CourseBridgeCore
import CCurl
import Foundation

// libcurl calls these plain C functions; the context pointer is an unretained `CurlSink`
// that lives for the whole `curl_easy_perform` call.

/// Collects the body and header lines of one transfer, and carries the cancellation check.
final class CurlSink {
    var body = Data()
    var headers = HTTPHeaders()
    let isCancelled: () -> Bool

    init(isCancelled: @escaping () -> Bool) { self.isCancelled = isCancelled }
}

func curlWriteBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let data, let context else { return length }
    let sink = Unmanaged<CurlSink>.fromOpaque(context).takeUnretainedValue()
    data.withMemoryRebound(to: UInt8.self, capacity: length) { sink.body.append($0, count: length) }
    return length
}

func curlWriteHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let data, let context else { return length }
    let sink = Unmanaged<CurlSink>.fromOpaque(context).takeUnretainedValue()
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
