/// Parses `key=value` credential lines (stdin of `integration credentials`) into a validated map.
public enum CredentialInput {
    /// Blank lines and `#` comments are skipped; values keep inner spaces but are trimmed at the ends.
    public static func parse(_ text: String, for provider: Provider) throws(CoreError) -> [String: String] {
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmed
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let eq = line.firstIndex(of: "=") else { throw .credentials(.malformedLine(index + 1)) }
            let key = line[..<eq].trimmed
            let value = line[line.index(after: eq)...].trimmed
            guard !key.isEmpty else { throw .credentials(.malformedLine(index + 1)) }
            values[key] = value
        }
        return try validate(values, for: provider)
    }

    /// Every expected key present and non-empty, no unknown key.
    public static func validate(_ values: [String: String], for provider: Provider) throws(CoreError) -> [String: String] {
        let expected = provider.credentialFields.map(\.key)
        let unknown = values.keys.filter { !expected.contains($0) }.sorted()
        if !unknown.isEmpty { throw .credentials(.unknownKeys(unknown, provider: provider)) }
        let missing = expected.filter { values[$0] == nil }
        if !missing.isEmpty { throw .credentials(.missingKeys(missing, provider: provider)) }
        if let empty = expected.first(where: { values[$0]?.isEmpty == true }) { throw .credentials(.emptyValue(empty)) }
        return values
    }
}

import Foundation
