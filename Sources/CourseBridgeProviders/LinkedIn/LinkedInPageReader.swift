import CourseBridgeCore
import Foundation

/// A `learningAssets` page read straight from its bytes into the fields the client and `LinkedInItemMapper` use
/// (`LinkedInFields` names them): no dictionary tree. Each field keeps what the tree's path would give (nil when
/// absent or of another shape), so the mapper's lenient rules are unchanged; a member given twice keeps its last value.
struct LinkedInPageReader {
    /// `elements`, nil when absent or not an array.
    var elements: [LinkedInElement]?
    /// Whether `paging` is an object.
    var hasPaging = false
    var total: XAPIJSON?
    /// `paging.links`, nil when absent or not an array.
    var links: [Link]?

    struct Link {
        var rel: XAPIJSON?
        var href: XAPIJSON?
    }

    static func read(_ data: Data) throws(JSONSyntaxError) -> LinkedInPageReader {
        try JSONScanner.read(data) { scanner throws(JSONSyntaxError) in
            var page = LinkedInPageReader()
            try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                switch key {
                case "elements":
                    page.elements = try scanner.elements(LinkedInElement.read)
                case "paging":
                    page.hasPaging = false
                    page.total = nil
                    page.links = nil
                    let isObject = try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                        switch key {
                        case "total": page.total = try scanner.scalar()
                        case "links": page.links = try readLinks(&scanner)
                        default: break
                        }
                    }
                    page.hasPaging = isObject
                default: break
                }
            }
            return page
        }
    }

    private static func readLinks(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> [Link]? {
        var links: [Link] = []
        let isArray = try scanner.forEachElement { scanner throws(JSONSyntaxError) in
            var link = Link()
            try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                switch key {
                case "rel": link.rel = try scanner.scalar()
                case "href": link.href = try scanner.scalar()
                default: break
                }
            }
            links.append(link)
        }
        return isArray ? links : nil
    }

    /// The href of the first link whose rel is `next` (the tree rule: that link's href, even if it is not text).
    var nextHref: String? {
        (links ?? []).first { $0.rel?.string?.lowercased() == LinkedInFields.relNext }?.href?.string
    }
}

/// One element of `elements[]`, as far as the mapper reads it.
struct LinkedInElement {
    var urn: XAPIJSON?
    var type: XAPIJSON?
    var title: XAPIJSON?                 // title.value
    var titleLocale: LocaleEntry?        // title.locale: the criteria finder mixes locales in one listing
    var retiredAt: XAPIJSON?             // retiredAt, outside details on some answers
    var details = Details()

    struct Details {
        var description: XAPIJSON?       // description.value
        var shortDescription: XAPIJSON?  // shortDescription.value
        var thumbnail: XAPIJSON?         // images.primary
        var contributors: [Contributor]?
        var duration: XAPIJSON?          // timeToComplete.duration
        var durationUnit: XAPIJSON?      // timeToComplete.unit
        var level: XAPIJSON?
        var availableLocales: [LocaleEntry]?
        var lastUpdatedAt: XAPIJSON?
        var publishedAt: XAPIJSON?
        var availability: XAPIJSON?
        var retiredAt: XAPIJSON?
        var classifications: [Classification]?
        var webLaunch: XAPIJSON?         // urls.webLaunch
        var ssoLaunch: XAPIJSON?         // urls.ssoLaunch
    }

    struct Contributor {
        var name: XAPIJSON?              // name.value
        var contributionType: XAPIJSON?
    }

    struct LocaleEntry {
        var language: XAPIJSON?
        var country: XAPIJSON?
    }

    /// The entry's `associatedClassification` when it has one (whatever its shape), else the entry itself.
    struct Classification {
        var type: XAPIJSON?
        var name: XAPIJSON?              // name.value
    }

    /// Reads the next value as an element; one that is not an object reads as empty (no urn: the page fails).
    static func read(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> LinkedInElement {
        var element = LinkedInElement()
        try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
            switch key {
            case "urn": element.urn = try scanner.scalar()
            case "type": element.type = try scanner.scalar()
            case "title":
                element.title = nil
                element.titleLocale = nil
                try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                    switch key {
                    case "value": element.title = try scanner.scalar()
                    case "locale": element.titleLocale = try readLocale(&scanner)
                    default: break
                    }
                }
            case "retiredAt": element.retiredAt = try scanner.scalar()
            case "details": element.details = try readDetails(&scanner)
            default: break
            }
        }
        return element
    }

    private static func readDetails(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> Details {
        var d = Details()
        try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
            switch key {
            case "description": d.description = try scanner.scalarMember("value")
            case "shortDescription": d.shortDescription = try scanner.scalarMember("value")
            case "images": d.thumbnail = try scanner.scalarMember("primary")
            case "contributors": d.contributors = try readContributors(&scanner)
            case "timeToComplete":
                d.duration = nil
                d.durationUnit = nil
                try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                    switch key {
                    case "duration": d.duration = try scanner.scalar()
                    case "unit": d.durationUnit = try scanner.scalar()
                    default: break
                    }
                }
            case "level": d.level = try scanner.scalar()
            case "availableLocales": d.availableLocales = try readLocales(&scanner)
            case "lastUpdatedAt": d.lastUpdatedAt = try scanner.scalar()
            case "publishedAt": d.publishedAt = try scanner.scalar()
            case "availability": d.availability = try scanner.scalar()
            case "retiredAt": d.retiredAt = try scanner.scalar()
            case "classifications": d.classifications = try readClassifications(&scanner)
            case "urls":
                d.webLaunch = nil
                d.ssoLaunch = nil
                try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                    switch key {
                    case "webLaunch": d.webLaunch = try scanner.scalar()
                    case "ssoLaunch": d.ssoLaunch = try scanner.scalar()
                    default: break
                    }
                }
            default: break
            }
        }
        return d
    }

    private static func readContributors(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> [Contributor]? {
        var list: [Contributor] = []
        let isArray = try scanner.forEachElement { scanner throws(JSONSyntaxError) in
            var c = Contributor()
            try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                switch key {
                case "name": c.name = try scanner.scalarMember("value")
                case "contributionType": c.contributionType = try scanner.scalar()
                default: break
                }
            }
            list.append(c)
        }
        return isArray ? list : nil
    }

    private static func readLocales(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> [LocaleEntry]? {
        try scanner.elements(readLocale)
    }

    /// `{language, country}`; empty when it is not an object.
    private static func readLocale(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> LocaleEntry {
        var l = LocaleEntry()
        try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
            switch key {
            case "language": l.language = try scanner.scalar()
            case "country": l.country = try scanner.scalar()
            default: break
            }
        }
        return l
    }

    private static func readClassifications(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> [Classification]? {
        var list: [Classification] = []
        let isArray = try scanner.forEachElement { scanner throws(JSONSyntaxError) in
            var own = Classification()
            var associated: Classification?
            try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                switch key {
                case "associatedClassification": associated = try readClassification(&scanner)
                case "type": own.type = try scanner.scalar()
                case "name": own.name = try scanner.scalarMember("value")
                default: break
                }
            }
            list.append(associated ?? own)
        }
        return isArray ? list : nil
    }

    /// `associatedClassification`: its type and name.value; empty (so skipped) when it is not an object.
    private static func readClassification(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> Classification {
        var c = Classification()
        try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
            switch key {
            case "type": c.type = try scanner.scalar()
            case "name": c.name = try scanner.scalarMember("value")
            default: break
            }
        }
        return c
    }
}
