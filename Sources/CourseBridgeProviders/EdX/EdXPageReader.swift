import CourseBridgeCore
import Foundation

/// A DRF page (`count`, `next`, `results[]`), read from the bytes: `results` by `readElement`, straight into the
/// fields a catalog course needs, or whole for the small listings (catalogs, learner-summary rows).
struct DRFPage<Element> {
    /// Nil when absent or not an array.
    var results: [Element]?
    var count: XAPIJSON?
    /// Nil when absent; kept whole, since a `next` of the wrong shape must fail the listing.
    var next: XAPIJSON?

    static func read(_ data: Data, element readElement: (inout JSONScanner) throws(JSONSyntaxError) -> Element)
        throws(JSONSyntaxError) -> DRFPage {
        try JSONScanner.read(data) { scanner throws(JSONSyntaxError) in
            var page = DRFPage()
            try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                switch key {
                case "results":
                    page.results = try scanner.elements(readElement)
                case "count": page.count = try scanner.value()
                case "next": page.next = try scanner.value()
                default: break
                }
            }
            return page
        }
    }
}

/// One catalog result (`get_content_metadata`), as far as `EdXMapper` reads it. A repeated key keeps its last
/// value, and a value of another shape reads as absent, as over the tree.
struct EdXElement: Sendable {
    var contentType: XAPIJSON?
    var active: XAPIJSON?
    var key: XAPIJSON?
    var title: XAPIJSON?
    var shortDescription: XAPIJSON?
    var fullDescription: XAPIJSON?
    var imageURL: XAPIJSON?
    var cardImageURL: XAPIJSON?
    var imageSrc: XAPIJSON?       // image.src
    var owners: [String] = []     // each owner object's name
    var levelType: XAPIJSON?
    var subjects: [String] = []   // name, or the text itself
    var skills: [String] = []     // non-empty texts
    var modified: XAPIJSON?
    var runs: [Run] = []
    var enrollmentURL: XAPIJSON?
    var marketingURL: XAPIJSON?

    /// A course run; an element that is not an object reads as a run with nothing known.
    struct Run: Sendable {
        var language: XAPIJSON?
        var hours: XAPIJSON?
        var availability: XAPIJSON?

        static func read(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> Run {
            var run = Run()
            try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                switch key {
                case "content_language": run.language = try scanner.scalar()
                case "estimated_hours": run.hours = try scanner.scalar()
                case "availability": run.availability = try scanner.scalar()
                default: break
                }
            }
            return run
        }
    }

    static func read(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> EdXElement {
        var e = EdXElement()
        try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
            switch key {
            case "content_type": e.contentType = try scanner.scalar()
            case "active": e.active = try scanner.scalar()
            case "key": e.key = try scanner.scalar()
            case "title": e.title = try scanner.scalar()
            case "short_description": e.shortDescription = try scanner.scalar()
            case "full_description": e.fullDescription = try scanner.scalar()
            case "image_url": e.imageURL = try scanner.scalar()
            case "card_image_url": e.cardImageURL = try scanner.scalar()
            case "image": e.imageSrc = try scanner.scalarMember("src")
            case "owners": e.owners = try scanner.texts(member: "name", bareTexts: false) ?? []
            case "level_type": e.levelType = try scanner.scalar()
            case "subjects": e.subjects = try scanner.texts(member: "name") ?? []
            case "skill_names": e.skills = (try scanner.texts(member: nil) ?? []).filter { !$0.isEmpty }
            case "modified": e.modified = try scanner.scalar()
            case "course_runs": e.runs = try scanner.elements(Run.read) ?? []
            case "enrollment_url": e.enrollmentURL = try scanner.scalar()
            case "marketing_url": e.marketingURL = try scanner.scalar()
            default: break
            }
        }
        return e
    }
}
