import CourseBridgeCore
import Foundation

/// Reads credentials from stdin (`key=value` lines) or, on a terminal, prompts per field with echo off.
/// Secrets never come from argv, so they never show in `ps` or shell history.
enum SecretPrompt {
    static func readCredentials(for provider: Provider) throws -> [String: String] {
        if isatty(STDIN_FILENO) == 1 {
            var values: [String: String] = [:]
            for field in provider.credentialFields {
                values[field.key] = try prompt("\(field.label) (\(field.key)): ", echo: !field.isSecret)
            }
            return try reportingErrors { try CredentialInput.validate(values, for: provider) }
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("stdin is not UTF-8 text") }
        return try reportingErrors { try CredentialInput.parse(text, for: provider) }
    }

    /// Prompts on stderr so stdout stays clean for scripts.
    private static func prompt(_ label: String, echo: Bool) throws -> String {
        // Echo goes off before the label shows, so nothing typed at once is echoed.
        let quiet = !echo && EchoGuard.turnOff()
        FileHandle.standardError.write(Data(label.utf8))
        defer {
            if quiet {
                EchoGuard.restore()
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        guard let line = Swift.readLine(strippingNewline: true) else { throw CLIError("input ended before every credential was entered") }
        return line.trimmed
    }
}

/// Turns terminal echo off for a secret, and back on however the prompt ends: normally, or by Ctrl-C, Ctrl-\
/// or a termination signal, whose handler restores the saved settings (tcsetattr is async-signal-safe) and then
/// re-raises the signal with its default action, so the exit status still says what stopped the process.
private enum EchoGuard {
    private static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    // Read by the signal handler, which can capture nothing; written only while no handler is installed.
    nonisolated(unsafe) private static var saved = termios()
    nonisolated(unsafe) private static var previous: [Int32: __sighandler_t?] = [:]

    /// False when stdin's settings cannot be read (then nothing is changed).
    static func turnOff() -> Bool {
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return false }
        for sig in signals { previous[sig] = signal(sig) { sig in EchoGuard.restoreAndReraise(sig) } }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        return true
    }

    static func restore() {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        for sig in signals { signal(sig, previous[sig] ?? SIG_DFL) }
        previous = [:]
    }

    private static func restoreAndReraise(_ sig: Int32) {
        tcsetattr(STDIN_FILENO, TCSANOW, &EchoGuard.saved)
        var newline: UInt8 = 10
        _ = write(STDERR_FILENO, &newline, 1)
        signal(sig, SIG_DFL)
        raise(sig)
    }
}
