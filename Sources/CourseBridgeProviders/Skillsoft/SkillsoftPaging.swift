import Foundation

/// Whether a Percipio catalog page is the last, from what that page says. Every signal is optional:
/// an empty or short page ends the listing; else `link: <…offset=N…>; rel="last"` says where the last page
/// starts, `rel="next"` that one follows, and `x-total-count` how many items there are. A full page
/// with none of these is followed by another request (the next one comes back empty or short).
struct SkillsoftPaging {
    typealias F = SkillsoftFields
    let total: Int?
    let lastOffset: Int?
    let hasNextLink: Bool
    let morePages: Bool
    /// Where the next page starts: the `rel="next"` link's offset when it moves forward, else one page on.
    let nextOffset: Int

    init(headers: HTTPHeaders, offset: Int, count: Int, pageSize: Int) {
        total = headers[F.totalCountHeader].flatMap { Int($0.trimmed) }
        let links = Self.links(headers[F.linkHeader] ?? "")
        lastOffset = links[F.relLast].flatMap { URLBuilder.queryValue(F.offset, in: $0) }.flatMap { Int($0) }
        let linkedNext = links[F.relNext].flatMap { URLBuilder.queryValue(F.offset, in: $0) }.flatMap { Int($0) }
            .flatMap { $0 > offset ? $0 : nil }
        hasNextLink = linkedNext != nil
        nextOffset = linkedNext ?? offset + pageSize
        if count == 0 {
            morePages = false
        } else if hasNextLink {
            // A next link is followed even after a short page (a server that caps `max` lower than asked).
            morePages = true
        } else if count < pageSize {
            morePages = false
        } else if let lastOffset {
            morePages = offset < lastOffset
        } else if let total {
            morePages = offset + count < total
        } else {
            morePages = true
        }
    }

    /// `<url>; rel="last", <url>; rel=next` → rel (lower case) → url.
    static func links(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = pieces.first, first.hasPrefix("<"), first.hasSuffix(">") else { continue }
            let url = String(first.dropFirst().dropLast())
            for attribute in pieces.dropFirst() {
                let kv = attribute.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2, kv[0].lowercased() == "rel" else { continue }
                for rel in kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased().split(separator: " ") {
                    result[String(rel)] = url
                }
            }
        }
        return result
    }
}
