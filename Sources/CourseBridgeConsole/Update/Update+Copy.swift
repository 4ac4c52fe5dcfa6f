import CourseBridgeCore

/// The addresses a provider needs, as the webhook and intake screens show them and `y` copies them.
enum PushAddresses {
    static func base(_ m: ConsoleModel) -> String {
        m.publicBaseURL.hasSuffix("/") ? String(m.publicBaseURL.dropLast()) : m.publicBaseURL
    }

    static func path(_ p: Provider) -> String { p == .linkedin ? "linkedinlearning" : "skillsoft" }

    static func statements(_ m: ConsoleModel, _ p: Provider) -> String {
        p == .linkedin ? "\(base(m))/api/linkedinlearning/stats" : "\(base(m))/api/skillsoft/statements"
    }
}

/// `y` copies the statements URL, `Y` the webhook client id, through the terminal (OSC 52: works over ssh, and in
/// tmux with `set -s set-clipboard on`). Never a secret, and nothing in read-only mode.
func copyAction(_ m: inout ConsoleModel, clientId: Bool) -> [ConsoleEffect] {
    if m.readOnly {
        flash(&m, "Read-only mode: copying to the clipboard is off.", error: true)
        return []
    }
    guard let target = copyTarget(&m, clientId: clientId) else { return [] }
    flash(&m, "Copied \(target.what) to the clipboard: \(target.text)  (through the terminal; in tmux: set -s set-clipboard on)")
    return [.copyToClipboard(target.text)]
}

/// What `y`/`Y` copies on this screen, or nil (with a flash saying why when there is nothing).
private func copyTarget(_ m: inout ConsoleModel, clientId: Bool) -> (what: String, text: String)? {
    switch m.screen {
    case .webhook(let id), .integration(let id):
        guard let s = m.summary(id) else { return nil }
        guard s.integration.provider.pushesStatements else {
            flash(&m, "\(s.integration.provider.displayName) does not push statements: there is no URL or client id to copy.", error: true)
            return nil
        }
        guard clientId else { return ("the statements URL", PushAddresses.statements(m, s.integration.provider)) }
        // The webhook screen's own read first (it is that integration's); the settings screen has the stored one.
        let shown = m.screen == .webhook(id) ? m.webhook?.clientId : nil
        guard let client = shown ?? s.integration.webhookClientId else {
            flash(&m, "No webhook client id yet: open Webhook credentials to generate one, then copy it.", error: true)
            return nil
        }
        return ("the webhook client id", client)
    case .intake:
        return ("the public URL", PushAddresses.base(m))
    default:
        return nil
    }
}
