import CourseBridgeCore
import Foundation

/// A `catalog-content` page (a bare array) read straight from its bytes into the fields `SkillsoftMapper` uses
/// (`SkillsoftFields` names them): no dictionary tree. Each field keeps what the tree's path would give, so the
/// mapper's lenient rules are unchanged; a member given twice keeps its last value.
enum SkillsoftPageReader {
    /// The page's items; nil when the body is not an array.
    static func read(_ data: Data) throws(JSONSyntaxError) -> [SkillsoftElement]? {
        try JSONScanner.read(data) { scanner throws(JSONSyntaxError) in try scanner.elements(SkillsoftElement.read) }
    }
}

/// One catalog item, as far as the mapper reads it.
struct SkillsoftElement: Sendable {
    var id: XAPIJSON?
    var percipioType: XAPIJSON?          // contentType.percipioType
    var localizedMetadata: [Metadata] = []
    var localeCodes: [String] = []       // the non-empty texts of the array
    var imageUrl: XAPIJSON?
    var by: [String] = []                // names
    var duration: XAPIJSON?
    var expertiseLevels: [String] = []   // the non-empty texts of the array
    var lifecycleStatus: XAPIJSON?       // lifecycle.status
    var lastUpdatedDate: XAPIJSON?       // lifecycle.lastUpdatedDate
    var publishDate: XAPIJSON?           // lifecycle.publishDate
    var areas: [String] = []             // associations.areas, names
    var subjects: [String] = []          // associations.subjects, names
    var link: XAPIJSON?

    struct Metadata: Sendable {
        var localeCode: XAPIJSON?
        var title: XAPIJSON?
        var description: XAPIJSON?
    }

    /// Reads the next value as an item; one that is not an object reads as empty (no id: the page fails).
    static func read(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> SkillsoftElement {
        var e = SkillsoftElement()
        try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
            switch key {
            case "id": e.id = try scanner.scalar()
            case "contentType": e.percipioType = try scanner.scalarMember("percipioType")
            case "localizedMetadata": e.localizedMetadata = try readMetadata(&scanner)
            case "localeCodes": e.localeCodes = try readTexts(&scanner)
            case "imageUrl": e.imageUrl = try scanner.scalar()
            case "by": e.by = try readNames(&scanner)
            case "duration": e.duration = try scanner.scalar()
            case "expertiseLevels": e.expertiseLevels = try readTexts(&scanner)
            case "lifecycle":
                e.lifecycleStatus = nil
                e.lastUpdatedDate = nil
                e.publishDate = nil
                try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                    switch key {
                    case "status": e.lifecycleStatus = try scanner.scalar()
                    case "lastUpdatedDate": e.lastUpdatedDate = try scanner.scalar()
                    case "publishDate": e.publishDate = try scanner.scalar()
                    default: break
                    }
                }
            case "associations":
                e.areas = []
                e.subjects = []
                try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                    switch key {
                    case "areas": e.areas = try readNames(&scanner)
                    case "subjects": e.subjects = try readNames(&scanner)
                    default: break
                    }
                }
            case "link": e.link = try scanner.scalar()
            default: break
            }
        }
        return e
    }

    private static func readMetadata(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> [Metadata] {
        var list: [Metadata] = []
        try scanner.forEachElement { scanner throws(JSONSyntaxError) in
            var m = Metadata()
            try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                switch key {
                case "localeCode": m.localeCode = try scanner.scalar()
                case "title": m.title = try scanner.scalar()
                case "description": m.description = try scanner.scalar()
                default: break
                }
            }
            list.append(m)
        }
        return list
    }

    /// Non-empty texts of an array (numbers as text), skipping anything else; empty when it is not an array.
    private static func readTexts(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> [String] {
        var list: [String] = []
        try scanner.forEachElement { scanner throws(JSONSyntaxError) in
            if let text = try scanner.scalar()?.string, !text.isEmpty { list.append(text) }
        }
        return list
    }

    /// Strings, or objects with a `name`/`title` (the API has used both), in order, before `Normalize.unique`.
    private static func readNames(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> [String] {
        var list: [String] = []
        try scanner.forEachElement { scanner throws(JSONSyntaxError) in
            guard scanner.nextIsObject() else {
                if let text = try scanner.scalar()?.string { list.append(text) }
                return
            }
            var name: XAPIJSON?, title: XAPIJSON?
            try scanner.forEachMember { scanner, key throws(JSONSyntaxError) in
                switch key {
                case "name": name = try scanner.scalar()
                case "title": title = try scanner.scalar()
                default: break
                }
            }
            if let text = name?.string ?? title?.string { list.append(text) }
        }
        return list
    }
}
