import CourseBridgeCore
import CourseBridgeData
import Foundation

/// A launch: where to send the learner, and the attempt it left in progress.
public struct LaunchResult: Sendable, Equatable {
    public var url: String
    public var attempts: [Attempt]
}

/// Launch from CourseBridge (seeds 002 and 004): records the launch, leaves an attempt in progress
/// (LinkedIn 1%, Skillsoft 50%) and returns the provider's URL. From a linear path, a locked step refuses.
public final class LaunchService: Sendable {
    let store: any DataStore
    let now: @Sendable () -> Date

    public init(store: any DataStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    public func launch(courseId: Int64, userEmail: String, pathId: Int64? = nil) throws(StatisticsError) -> LaunchResult {
        let at = now()
        let email = userEmail.trimmed
        do {
            return try store.statisticsTransaction { tx in
                guard let course = try tx.course(id: courseId) else {
                    throw StoreError.notFound("no course with id \(courseId); list them with: coursebridge courses")
                }
                guard let user = try tx.users(matching: email, by: .email).first, let userId = user.id else {
                    throw StoreError.notFound("no user with email \(email); add one with: coursebridge user add --email \(email)")
                }
                guard course.status == .active else {
                    throw StoreError.refused("course \(courseId) '\(course.title)' is archived: it can no longer be launched")
                }
                guard let url = course.launchURL, !url.isEmpty else {
                    throw StoreError.refused("course \(courseId) '\(course.title)' has no launch URL from \(course.provider.displayName); sync the integration again")
                }
                guard Self.isWebLink(url) else {
                    throw StoreError.refused("course \(courseId) '\(course.title)' has a launch URL that is not an http(s) link; the learner is not sent there: sync the integration again or report it to \(course.provider.displayName)")
                }
                if let pathId { try Self.checkPathStep(pathId: pathId, courseId: courseId, userId: userId, tx: tx) }
                try tx.insertLaunch(userId: userId, courseId: courseId, pathId: pathId, at: at)
                var integration = course.integrationId.flatMap { try? tx.integration(id: $0) }
                if integration == nil {
                    integration = Integration(provider: course.provider, groupId: 0, authorUserId: 0, configuredAt: .distantPast)
                }
                try AttemptApplication.applyAndSave(.launch(at: at), integration: integration!, course: course, userId: userId, tx: tx, now: at)
                return LaunchResult(url: url, attempts: try tx.attempts(userId: userId, courseId: courseId))
            }
        } catch {
            throw .from(error)
        }
    }

    /// Only http and https links with a host are followed (a `javascript:` or `file:` link from a provider is not).
    public static func isWebLink(_ url: String) -> Bool {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty else { return false }
        return !url.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// In a linear path the next step waits until the earlier external courses are completed.
    static func checkPathStep(pathId: Int64, courseId: Int64, userId: Int64, tx: StatisticsTransaction) throws {
        guard let (linear, steps) = try tx.pathSteps(pathId: pathId, userId: userId) else {
            throw StoreError.notFound("no path with id \(pathId)")
        }
        guard let index = steps.firstIndex(where: { $0.courseId == courseId }) else {
            throw StoreError.notFound("course \(courseId) is not a step of path \(pathId)")
        }
        let progress = PathProgress(steps: steps, linear: linear)
        if progress.steps[index] == .locked {
            let blocking = steps.firstIndex { $0.status != .completed }.map { $0 + 1 } ?? index
            throw StoreError.refused("step \(index + 1) of path \(pathId) is locked: complete step \(blocking) at the provider first")
        }
    }
}
