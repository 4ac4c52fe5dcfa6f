/// How a secret is shown when it is not revealed on purpose: its length is hidden too.
public enum SecretMask {
    public static let masked = "••••••••"

    /// Shows the last 4 characters only of long non-secret identifiers; secrets are fully masked.
    public static func mask(_ value: String?, isSecret: Bool) -> String {
        guard let value, !value.isEmpty else { return "(not set)" }
        if isSecret { return masked }
        return value
    }
}
