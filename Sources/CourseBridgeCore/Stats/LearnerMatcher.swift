import Foundation

/// The outcome of matching a statement's actor to a platform user.
public enum LearnerMatch: Equatable, Sendable {
    case matched(User)
    /// External Identifier matching more than one user: the statement is skipped, the statistic not recorded.
    case ambiguous(reason: String)
    /// Kept in quarantine with the reason; replayable once the user exists.
    case noMatch(reason: String)

    public var reason: String? {
        switch self {
        case .matched: nil
        case .ambiguous(let r), .noMatch(let r): r
        }
    }
}

/// Seeds 002 and 004, "Learner identification": Email → `actor.mbox` (`mailto:`, case-insensitive);
/// User Name → `actor.account.name`; External Identifier → `actor.account.name`, unique or skipped.
public enum LearnerMatcher {
    /// What the store should look users up by: nil when the actor does not carry the field the mode reads.
    public static func lookupValue(_ actor: XAPIActor, mode: LearnerIdentification) -> String? {
        switch mode {
        case .email: actor.email.map(EmailAddress.normalized)
        case .username, .externalId: actor.accountName
        }
    }

    /// A pulled record or report row names its learner by an email and an account id: the mode says which one is
    /// read, and a row without an account id is matched by its email. Nil when the field read is missing or empty.
    public static func lookup(email: String?, account: String?, mode: LearnerIdentification) -> (value: String, mode: LearnerIdentification)? {
        let (raw, by): (String?, LearnerIdentification) = mode == .email || account == nil ? (email, .email) : (account, mode)
        guard let raw, !raw.isEmpty else { return nil }
        return (by == .email ? EmailAddress.normalized(raw) : raw, by)
    }

    /// `candidates` are the users the store found; they are checked again here, so a loose lookup is fine.
    public static func match(_ actor: XAPIActor, mode: LearnerIdentification, candidates: [User]) -> LearnerMatch {
        guard let value = lookupValue(actor, mode: mode) else {
            return .noMatch(reason: "learner identification is \(mode.label), but the statement has no \(mode.statementField): "
                            + "set the provider's user type to match, or change the learner identification")
        }
        return match(value: value, mode: mode, candidates: candidates)
    }

    /// Matches a lookup value (from `lookupValue` or `lookup`) against the users the store found for it.
    public static func match(value: String, mode: LearnerIdentification, candidates: [User]) -> LearnerMatch {
        let matches: [User]
        switch mode {
        case .email:
            matches = candidates.filter { EmailAddress.normalized($0.email) == value }
        case .username:
            matches = candidates.filter { $0.username == value }
        case .externalId:
            matches = candidates.filter { $0.externalId == value }
        }
        switch matches.count {
        case 0:
            return .noMatch(reason: "no user has \(fieldName(mode)) '\(value)': add the user (or fix theirs), then replay the statement")
        case 1:
            return .matched(matches[0])
        default:
            if mode == .externalId {
                return .ambiguous(reason: "external identifier '\(value)' matches \(matches.count) users: the statement was skipped "
                                  + "and the statistic not recorded; give each user a unique external identifier")
            }
            // Emails and usernames are unique on the platform; two hits mean the lookup was loose.
            return .ambiguous(reason: "\(fieldName(mode)) '\(value)' matches \(matches.count) users: the statement was skipped")
        }
    }

    static func fieldName(_ mode: LearnerIdentification) -> String {
        switch mode {
        case .email: "the email"
        case .username: "the user name"
        case .externalId: "the external identifier"
        }
    }
}
