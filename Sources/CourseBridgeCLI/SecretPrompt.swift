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
        FileHandle.standardError.write(Data(label.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        if !echo {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        }
        defer {
            if !echo {
                tcsetattr(STDIN_FILENO, TCSANOW, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        guard let line = Swift.readLine(strippingNewline: true) else { throw CLIError("input ended before every credential was entered") }
        return line.trimmed
    }
}
