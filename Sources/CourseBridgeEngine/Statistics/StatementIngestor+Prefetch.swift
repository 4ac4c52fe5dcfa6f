import CourseBridgeCore
import CourseBridgeData

extension StatementIngestor {
    /// The learners and courses `prepared` names, looked up for the whole group before any of it is matched
    /// (`StatisticsTransaction.preload`): a learner or course not seen before costs the group one wait, not one each.
    static func lookups(_ prepared: [PreparedStatement], integration: Integration) -> StatementLookups {
        var lookups = StatementLookups()
        for p in prepared where p.statement.voidedStatementId == nil {
            lookups.add(StatementMatching.lookups(of: p.reading, integration: integration))
        }
        return lookups
    }

    /// What ingesting `prepared` will look up: each statement and its voider, a voiding statement's target, and
    /// the attempts of each statement's learner and course (matched now; a store that prefetches also caches
    /// learners and courses, so matching twice costs memory lookups). Anything that cannot be worked out is
    /// left out: its call then asks the store as it would without a prefetch.
    static func prefetchPlan(_ prepared: [PreparedStatement], integration: Integration, tx: StatisticsTransaction) -> StatementPrefetch {
        guard let integrationId = integration.id else { return StatementPrefetch() }
        var wanted = StatementPrefetch()
        for p in prepared {
            wanted.statements.append(.init(integrationId: integrationId, statementId: p.id))
            if let target = p.statement.voidedStatementId {
                wanted.statements.append(.init(integrationId: integrationId, statementId: target))
                continue
            }
            if case .target(let user, let course)? = try? StatementMatching.target(of: p.statement, reading: p.reading, integration: integration, tx: tx),
               let userId = user.id, let courseId = course.id {
                wanted.pairs.append(.init(userId: userId, courseId: courseId))
            }
        }
        return wanted
    }
}
