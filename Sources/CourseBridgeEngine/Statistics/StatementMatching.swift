import CourseBridgeCore
import CourseBridgeData
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
    /// The learner and course `statement` counts for; `reading` is what the statement itself says (`StatementReading`).
    static func target(of statement: XAPIStatement, reading: StatementReading, integration: Integration,
                       tx: StatisticsTransaction) throws -> StatementTarget {
        let mode = integration.learnerIdentification
        let candidates = try reading.learnerValue.map { try tx.users(matching: $0, by: mode) } ?? []
        let user: User
        let match = reading.learnerValue.map { LearnerMatcher.match(value: $0, mode: mode, candidates: candidates) }
            ?? LearnerMatcher.match(statement.actor, mode: mode, candidates: candidates)
        switch match {
        case .matched(let u): user = u
        case .ambiguous(let reason): return .skipped(reason)
        case .noMatch(let reason): return .quarantined(reason)
        }
        guard let objectId = reading.activityId else {
            return .skipped("the object is not an Activity: there is no course to record it on")
        }
        switch try course(objectId: objectId, providerIds: reading.providerIds, integration: integration, tx: tx) {
        case .found(let course): return .target(user: user, course: course)
        case .notACourse(let reason): return .skipped(reason)
        case .unknown(let reason), .otherIntegration(let reason): return .quarantined(reason)
        }
    }

    enum CourseMatch {
        case found(Course)
        case notACourse(String)
        case unknown(String)
        /// The course exists but another integration (or none) synchronizes it: a token writes only onto its own.
        case otherIntegration(String)
    }

    /// The integration's course that `objectId` names. Courses are unique per provider, not per integration:
    /// one found under another integration of the same provider is refused, never written.
    static func course(objectId: String, integration: Integration, tx: StatisticsTransaction) throws -> CourseMatch {
        try course(objectId: objectId, providerIds: providerIds(objectId: objectId, provider: integration.provider),
                   integration: integration, tx: tx)
    }

    /// `course(objectId:integration:tx:)` with the object's provider ids already worked out.
    static func course(objectId: String, providerIds ids: [String], integration: Integration,
                       tx: StatisticsTransaction) throws -> CourseMatch {
        switch try course(objectId: objectId, providerIds: ids, provider: integration.provider, preferring: integration.id, tx: tx) {
        case .found(let course) where course.integrationId != integration.id:
            return .otherIntegration(foreignCourse(course, integration: integration))
        case let match:
            return match
        }
    }

    /// LinkedIn: `urn:lyndaCourse:N` ↔ the catalog's `urn:li:lyndaCourse:N`. Skillsoft: the content UUID of
    /// `https://xapi.percipio.com/xapi/{type}/{uuid}`, else the id as a provider id or launch URL; every
    /// language version is the one course. `ids`: `providerIds(objectId:provider:)`.
    private static func course(objectId: String, providerIds ids: [String], provider: Provider, preferring integrationId: Int64?,
                               tx: StatisticsTransaction) throws -> CourseMatch {
        if provider == .linkedin, ids.isEmpty {
            return .notACourse("'\(objectId)' is not a LinkedIn Learning course (urn:lyndaCourse:N): chapter and video statistics are not recorded")
        }
        for id in ids {
            if let course = try tx.course(provider: provider, providerId: id) { return .found(course) }
        }
        if provider == .skillsoft, let course = try tx.course(provider: .skillsoft, launchURL: objectId, preferring: integrationId) {
            return .found(course)
        }
        return .unknown(unknownCourse(objectId, provider))
    }

    /// The provider ids a course is looked up under, in order (Percipio then tries the id as a launch URL); none
    /// for a LinkedIn object that is not a course.
    static func providerIds(objectId: String, provider: Provider) -> [String] {
        switch provider {
        case .linkedin:
            return LinkedInCourseId.catalogURN(objectId).map { [$0] } ?? []
        case .skillsoft:
            // Each id as sent, then lowercased when that differs (asking twice for an absent id found nothing more).
            return [SkillsoftStatementTranslation.contentId(fromObjectId: objectId), objectId].compactMap { $0 }
                .flatMap { id in id == id.lowercased() ? [id] : [id, id.lowercased()] }
        case .coursera, .edx:
            return [objectId]
        }
    }

    /// What matching `statement` will look up: its learner, and the provider ids of its course.
    static func lookups(of reading: StatementReading, integration: Integration) -> StatementLookups {
        var lookups = StatementLookups()
        if let value = reading.learnerValue {
            lookups.learners.append(.init(value: value, mode: integration.learnerIdentification))
        }
        lookups.courses = reading.providerIds.map { .init(provider: integration.provider, providerId: $0) }
        return lookups
    }

    static func unknownCourse(_ objectId: String, _ provider: Provider) -> String {
        "no \(provider.displayName) course matches '\(objectId)': sync the catalog (coursebridge sync ID), then replay the statement"
    }

    static func foreignCourse(_ course: Course, integration: Integration) -> String {
        let mine = integration.id.map { "#\($0)" } ?? "(unsaved)"
        let owner = course.integrationId.map { "belongs to another integration (#\($0))" } ?? "is synchronized by no integration"
        return "course \(course.id ?? 0) '\(course.providerId)' \(owner), not to this token's integration \(mine): "
            + "statistics are only recorded on the integration's own courses"
    }
}
