import CourseBridgeCore
import Foundation

extension QuarantineRow {
    /// A quarantine line from the statement as it was received: the list shows whom and what it names.
    public init(integrationId: Int64, statementId: String, receivedAt: Date, reason: String, statement body: String) {
        let names = Self.actorAndObject(ofStatement: body)
        self.init(integrationId: integrationId, statementId: statementId, receivedAt: receivedAt, reason: reason,
                  actor: names.actor, object: names.object)
    }

    /// The learner (the actor's mbox without `mailto:`, else its account name) and the object's id a stored statement
    /// names; "?" for what it does not say. Read leniently with Core's parser: a quarantined statement may be the
    /// malformed one, and the list must still show it.
    public static func actorAndObject(ofStatement body: String) -> (actor: String, object: String) {
        guard let json = try? XAPIJSON.parse(Data(body.utf8), strict: false) else { return ("?", "?") }
        let actor = json["actor"]
        let who = actor?["mbox"]?.stringValue.map { $0.replacingOccurrences(of: "mailto:", with: "") }
            ?? actor?["account"]?["name"]?.stringValue ?? "?"
        let what = json["object"]?["id"]?.stringValue ?? "?"
        return (who, what)
    }
}
