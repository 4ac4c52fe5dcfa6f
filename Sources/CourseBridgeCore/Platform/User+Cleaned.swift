import Foundation

extension User {
    /// The user as every store keeps it: e-mail trimmed, blank optional fields absent.
    public var cleaned: User {
        func blankToNil(_ s: String?) -> String? {
            guard let t = s?.trimmed, !t.isEmpty else { return nil }
            return t
        }
        return User(id: id, email: email.trimmed, username: blankToNil(username), externalId: blankToNil(externalId),
                    displayName: blankToNil(displayName))
    }
}
