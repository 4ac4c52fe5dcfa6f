import CourseBridgeCore
import Foundation

/// A Coursera `start`/`limit` page: `elements` read by `readElement`, and `paging`'s `total` and `next`.
/// Read from the bytes without a tree for `contents`; programs and report rows read each element whole.
struct CourseraPage<Element> {
    /// Nil when absent or not an array.
    var elements: [Element]?
    /// A changes read (`modifiedSinceTimestamp`) may answer `changes[]` instead of `elements[]`; nil when absent.
    var changes: [Element]?
    var total: XAPIJSON?
    /// `paging.next` as the tree holds it: nil when absent (or `paging` is not an object), `.null` when null.
    var next: XAPIJSON?

    static func read(_ data: Data, element readElement: (inout JSONScanner) throws(JSONSyntaxError) -> Element)
        throws(JSONSyntaxError) -> CourseraPage {
        try JSONScanner.read(data) { scanner throws(JSONSyntaxError) in
            var page = CourseraPage()
            try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                switch key {
                case "elements", "changes":
                    let elements = try scanner.elements(readElement)
                    if key == "elements" { page.elements = elements } else { page.changes = elements }
                case "paging":
                    page.total = nil
                    page.next = nil
                    try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                        switch key {
                        case "total": page.total = try scanner.scalar()
                        case "next": page.next = try scanner.value()
                        default: break
                        }
                    }
                default: break
                }
            }
            return page
        }
    }
}

/// One `contents` element, as far as `CourseraMapper` reads it.
struct CourseraElement: Sendable {
    var contentId: XAPIJSON?
    var id: XAPIJSON?
    var contentType: XAPIJSON?
    var name: XAPIJSON?
    var description: XAPIJSON?
    var promoPhoto: XAPIJSON?            // extraMetadata.definition.promoPhoto
    var estimatedLearningTime: XAPIJSON? // extraMetadata.definition.estimatedLearningTime
    var definitionSkills: [String]?      // extraMetadata.definition.skills: skillName, or the text itself; nil when absent
    var photoUrl: XAPIJSON?
    var instructors: [String] = []       // name, or the text itself
    var partners: [String] = []          // name, or the text itself
    var partnerNames: [String] = []      // non-empty texts
    var workload: XAPIJSON?
    var estimatedHours: XAPIJSON?
    var difficultyLevel: XAPIJSON?
    var languageCode: XAPIJSON?
    var skills: [String] = []            // the text itself, or name
    var lastUpdatedAt: XAPIJSON?
    var programs: [Program] = []

    struct Program: Sendable {
        var programId: XAPIJSON?
        var contentUrl: XAPIJSON?
    }

    /// Reads the next value as an element; one that is not an object reads as empty (no id: the page fails).
    static func read(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> CourseraElement {
        var e = CourseraElement()
        try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
            switch key {
            case "contentId": e.contentId = try scanner.scalar()
            case "id": e.id = try scanner.scalar()
            case "contentType": e.contentType = try scanner.scalar()
            case "name": e.name = try scanner.scalar()
            case "description": e.description = try scanner.scalar()
            case "extraMetadata":
                e.promoPhoto = nil
                e.estimatedLearningTime = nil
                e.definitionSkills = nil
                try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                    guard key == "definition" else { return }
                    e.promoPhoto = nil
                    e.estimatedLearningTime = nil
                    e.definitionSkills = nil
                    try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                        switch key {
                        case "promoPhoto": e.promoPhoto = try scanner.scalar()
                        case "estimatedLearningTime": e.estimatedLearningTime = try scanner.scalar()
                        case "skills": e.definitionSkills = try scanner.texts(member: "skillName")
                        default: break
                        }
                    }
                }
            case "photoUrl": e.photoUrl = try scanner.scalar()
            case "instructors": e.instructors = try scanner.texts(member: "name") ?? []
            case "partners": e.partners = try scanner.texts(member: "name") ?? []
            case "partnerNames": e.partnerNames = (try scanner.texts(member: nil) ?? []).filter { !$0.isEmpty }
            case "workload": e.workload = try scanner.scalar()
            case "estimatedHours": e.estimatedHours = try scanner.scalar()
            case "difficultyLevel": e.difficultyLevel = try scanner.scalar()
            case "languageCode": e.languageCode = try scanner.scalar()
            case "skills": e.skills = try scanner.texts(member: "name") ?? []
            case "lastUpdatedAt": e.lastUpdatedAt = try scanner.scalar()
            case "programs":
                e.programs = []
                try scanner.forEachElement { scanner throws(JSONSyntaxError) in
                    var p = Program()
                    try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                        switch key {
                        case "programId": p.programId = try scanner.scalar()
                        case "contentUrl": p.contentUrl = try scanner.scalar()
                        default: break
                        }
                    }
                    e.programs.append(p)
                }
            default: break
            }
        }
        return e
    }
}
