import CourseBridgeCore

/// What is wrong with users about to be added, the same on every backend: a missing or malformed e-mail, an e-mail
/// (case-insensitive) or username given twice in the batch or already taken. Reasons name the line, in the file's
/// order; a store adds the users only when there are none.
public enum UserImportCheck {
    /// `emailTaken` and `usernameTaken` say whether a user already holds the value (the store's own lookup).
    public static func problems(_ rows: [(line: Int, user: User)], emailTaken: (String) throws -> Bool,
                                usernameTaken: (String) throws -> Bool) rethrows -> [ImportProblem] {
        var problems: [ImportProblem] = []
        var seenEmails: [String: Int] = [:]
        var seenUsernames: [String: Int] = [:]
        for (line, user) in rows {
            if user.email.isEmpty { problems.append(.init(line: line, reason: "missing email")); continue }
            guard EmailAddress.isValid(user.email) else {
                problems.append(.init(line: line, reason: "bad email '\(user.email)'")); continue
            }
            let key = user.email.lowercased()
            if let other = seenEmails[key] {
                problems.append(.init(line: line, reason: "duplicate email \(user.email) (also on line \(other))"))
            } else if try emailTaken(user.email) {
                problems.append(.init(line: line, reason: "duplicate email: a user with email \(user.email) already exists"))
            }
            seenEmails[key] = seenEmails[key] ?? line
            if let username = user.username {
                if let other = seenUsernames[username] {
                    problems.append(.init(line: line, reason: "duplicate username \(username) (also on line \(other))"))
                } else if try usernameTaken(username) {
                    problems.append(.init(line: line, reason: "duplicate username: \(username) is already taken"))
                }
                seenUsernames[username] = seenUsernames[username] ?? line
            }
        }
        return problems
    }
}
