import CourseBridgeCore
import CourseBridgeStore
import Foundation

/// Where a statement goes: its learner and course, or why it cannot count.
enum StatementTarget {
    case target(user: User, course: Course)
    /// Not recorded, by rule (an ambiguous external id, an object that is not a course).
    case skipped(String)
    /// Kept and replayable once the user or course exists.
    case quarantined(String)
}

enum StatementMatching {
    static func target(of statement: XAPIStatement, integration: Integration, tx: StatisticsTransaction) throws -> StatementTarget {
        let mode = integration.learnerIdentification
        let candidates = try LearnerMatcher.lookupValue(statement.actor, mode: mode).map { try tx.users(matching: $0, by: mode) } ?? []
        let user: User
        switch LearnerMatcher.match(statement.actor, mode: mode, candidates: candidates) {
        case .matched(let u): user = u
        case .ambiguous(let reason): return .skipped(reason)
        case .noMatch(let reason): return .quarantined(reason)
        }
        guard let objectId = statement.object.activityId else {
            return .skipped("the object is not an Activity: there is no course to record it on")
        }
        switch try course(objectId: objectId, provider: integration.provider, tx: tx) {
        case .found(let course): return .target(user: user, course: course)
        case .notACourse(let reason): return .skipped(reason)
        case .unknown(let reason): return .quarantined(reason)
        }
    }

    enum CourseMatch {
        case found(Course)
        case notACourse(String)
        case unknown(String)
    }

    /// LinkedIn: `urn:lyndaCourse:N` ↔ the catalog's `urn:li:lyndaCourse:N`. Skillsoft: the content UUID of
    /// `https://xapi.percipio.com/xapi/{type}/{uuid}`, else the id as a provider id or launch URL; every
    /// language version is the one course.
    static func course(objectId: String, provider: Provider, tx: StatisticsTransaction) throws -> CourseMatch {
        switch provider {
        case .linkedin:
            guard let urn = LinkedInCourseId.catalogURN(objectId) else {
                return .notACourse("'\(objectId)' is not a LinkedIn Learning course (urn:lyndaCourse:N): chapter and video statistics are not recorded")
            }
            if let course = try tx.course(provider: .linkedin, providerId: urn) { return .found(course) }
            return .unknown(unknownCourse(objectId, provider))
        case .skillsoft:
            let candidates = [SkillsoftStatementTranslation.contentId(fromObjectId: objectId), objectId].compactMap { $0 }
            for id in candidates {
                if let course = try tx.course(provider: .skillsoft, providerId: id) ?? tx.course(provider: .skillsoft, providerId: id.lowercased()) {
                    return .found(course)
                }
            }
            if let course = try tx.course(provider: .skillsoft, launchURL: objectId) { return .found(course) }
            return .unknown(unknownCourse(objectId, provider))
        case .coursera, .edx:
            if let course = try tx.course(provider: provider, providerId: objectId) { return .found(course) }
            return .unknown(unknownCourse(objectId, provider))
        }
    }

    static func unknownCourse(_ objectId: String, _ provider: Provider) -> String {
        "no \(provider.displayName) course matches '\(objectId)': sync the catalog (coursebridge sync ID), then replay the statement"
    }
}
