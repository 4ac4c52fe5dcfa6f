import Foundation

/// Finds the human message in a provider's error body: LinkedIn `message`, DRF `detail`,
/// Coursera and others `message`/`errorCode`, OAuth2 `error_description`/`error`.
enum ProviderMessage {
    static func extract(from body: Data) -> String? {
        guard !body.isEmpty else { return nil }
        if let json = try? ProviderJSON.page(body), case .object = json {
            let message = json["message"]?.string ?? json["detail"]?.string ?? json["error_description"]?.string
                ?? json["errorMessage"]?.string
            let code = json["errorCode"]?.string ?? json["error"]?.string ?? json["code"]?.string
            switch (message, code) {
            case let (m?, c?) where m != c: return clip("\(m) (\(c))")
            case let (m?, _): return clip(m)
            case let (nil, c?): return clip(c)
            default: break
            }
        }
        // Not JSON (an HTML error page from a proxy): keep a short, single-line excerpt.
        let text = String(decoding: body.prefix(400), as: UTF8.self)
            .replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return text.isEmpty ? nil : clip(text)
    }

    private static func clip(_ s: String) -> String { s.count > 200 ? String(s.prefix(200)) + "…" : s }
}
