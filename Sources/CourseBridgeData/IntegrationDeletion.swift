import Foundation

/// Why an integration cannot be deleted, worded once for both stores.
public enum IntegrationDeletion {
    public static func refusal(id: Int64, courses: Int, statements: Int, running: Int) -> StoreError? {
        if running > 0 {
            return .conflict("integration \(id) has a sync running; cancel it or wait for it to end, then delete")
        }
        guard courses > 0 || statements > 0 else { return nil }
        var held: [String] = []
        if courses > 0 { held.append("\(courses) \(courses == 1 ? "course" : "courses")") }
        if statements > 0 { held.append("\(statements) learner \(statements == 1 ? "statement" : "statements")") }
        return .conflict("integration \(id) cannot be deleted: it holds \(held.joined(separator: " and ")), which a delete would lose; "
            + "deactivate it instead with: coursebridge integration deactivate \(id)")
    }
}
