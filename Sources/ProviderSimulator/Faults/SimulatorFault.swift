import Foundation
import CourseBridgeCore

/// A fault the simulator injects into its responses, chosen per run.
///
/// Spec grammar (for `--fault SPEC`; several faults comma-separated, or the option repeated):
///
///     SPEC  := FAULT ("," FAULT)*
///     FAULT := [PROVIDER "."] KIND [ "x" COUNT ]
///     KIND  := "429@" PAGE [":" SECONDS]   page PAGE answers 429 with Retry-After SECONDS (default 1)
///            | "500@" PAGE                 page PAGE answers 500
///            | "malformed@" PAGE           page PAGE's body is not valid JSON
///            | "truncated@" PAGE           page PAGE's body is cut mid-way (the connection closes early)
///            | "expire@" PAGE              the token in use is revoked at page PAGE (401); a new token works
///            | "slow:" MS                  every response is delayed MS milliseconds
///            | "badcreds"                  every token request and every token is refused
///     PROVIDER := linkedin | coursera | edx | skillsoft      (default: all four)
///     COUNT    := a positive number, or "*" for every time
///
/// PAGE counts from 1 within one listing (catalog, enrollment report, learner progress).
/// Transient faults (429, 500, expire) fire once unless COUNT says otherwise; data faults
/// (malformed, truncated) fire every time, as a broken page stays broken. Skillsoft has no
/// token endpoint, so `expire` does not apply to it.
/// Examples: `429@2:3`, `coursera.500@1x3`, `malformed@4,slow:200`, `edx.expire@2`.
public struct SimulatorFault: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case rateLimited(page: Int, retryAfterSeconds: Int)
        case serverError(page: Int)
        case malformedJSON(page: Int)
        case truncated(page: Int)
        case tokenExpiry(page: Int)
        case slow(delayMs: Int)
        case wrongCredentials
    }

    public var kind: Kind
    /// nil: every provider.
    public var provider: Provider?
    /// How many times the fault fires; nil: every time.
    public var count: Int?

    public init(_ kind: Kind, provider: Provider? = nil, count: Int?? = .none) {
        self.kind = kind
        self.provider = provider
        self.count = count ?? Self.defaultCount(kind)
    }

    static func defaultCount(_ kind: Kind) -> Int? {
        switch kind {
        case .rateLimited, .serverError, .tokenExpiry: 1
        case .malformedJSON, .truncated, .slow, .wrongCredentials: nil
        }
    }

    /// The listing page this fault targets, if it targets one.
    var page: Int? {
        switch kind {
        case .rateLimited(let p, _), .serverError(let p), .malformedJSON(let p), .truncated(let p), .tokenExpiry(let p): p
        case .slow, .wrongCredentials: nil
        }
    }

    func applies(to provider: Provider) -> Bool { self.provider == nil || self.provider == provider }

    public var description: String {
        let prefix = provider.map { "\($0.rawValue)." } ?? ""
        let body: String
        switch kind {
        case .rateLimited(let p, let s): body = "429@\(p):\(s)"
        case .serverError(let p): body = "500@\(p)"
        case .malformedJSON(let p): body = "malformed@\(p)"
        case .truncated(let p): body = "truncated@\(p)"
        case .tokenExpiry(let p): body = "expire@\(p)"
        case .slow(let ms): body = "slow:\(ms)"
        case .wrongCredentials: body = "badcreds"
        }
        let suffix = count == Self.defaultCount(kind) ? "" : "x" + (count.map(String.init) ?? "*")
        return prefix + body + suffix
    }

    public static let help = """
        --fault SPEC   inject faults; several comma-separated or the option repeated.
          429@PAGE[:SECONDS]   page PAGE answers 429 with Retry-After SECONDS (default 1); once
          500@PAGE             page PAGE answers 500; once
          malformed@PAGE       page PAGE's body is not valid JSON; every time
          truncated@PAGE       page PAGE's body is cut mid-way; every time
          expire@PAGE          the token in use gets 401 from page PAGE; a new token works; once
          slow:MS              every response is delayed MS milliseconds
          badcreds             every token request and every token is refused
        Prefix with a provider to limit it (coursera.500@2); suffix xCOUNT to repeat (500@2x3)
        or x* for every time. Pages count from 1 within each listing.
        Examples: 429@2:3  coursera.500@1x3  malformed@4,slow:200  edx.expire@2
        """
}

// MARK: - Parsing

extension SimulatorFault {
    /// Parses one spec (comma-separated faults).
    public static func parse(_ spec: String) throws(SimulatorFaultError) -> [SimulatorFault] {
        let parts = spec.split(separator: ",")
        guard !parts.isEmpty else { throw SimulatorFaultError(fault: spec) }
        return try parts.map { part throws(SimulatorFaultError) in
            try parseOne(part.trimmed)
        }
    }

    /// Parses the values of a repeated `--fault` option.
    public static func parse(specs: [String]) throws(SimulatorFaultError) -> [SimulatorFault] {
        var faults: [SimulatorFault] = []
        for spec in specs { faults += try parse(spec) }
        return faults
    }

    private static func parseOne(_ text: String) throws(SimulatorFaultError) -> SimulatorFault {
        let fail = SimulatorFaultError(fault: text)
        var rest = Substring(text.lowercased())
        var provider: Provider?
        if let dot = rest.firstIndex(of: "."), let p = Provider(rawValue: String(rest[..<dot])) {
            provider = p
            rest = rest[rest.index(after: dot)...]
        }
        var count: Int?? = .none
        if let x = rest.lastIndex(of: "x"), rest[..<x].contains(where: { $0 == "@" || $0 == ":" }) || rest[..<x] == "badcreds" {
            let value = rest[rest.index(after: x)...]
            if value == "*" {
                count = .some(nil)
            } else if let n = Int(value), n > 0 {
                count = .some(n)
            } else {
                throw fail
            }
            rest = rest[..<x]
        }
        func number(_ s: Substring) throws(SimulatorFaultError) -> Int {
            guard let n = Int(s), n > 0 else { throw fail }
            return n
        }
        let kind: Kind
        if rest == "badcreds" {
            kind = .wrongCredentials
        } else if rest.hasPrefix("slow:") {
            kind = .slow(delayMs: try number(rest.dropFirst(5)))
        } else if let at = rest.firstIndex(of: "@") {
            let name = rest[..<at]
            let args = rest[rest.index(after: at)...].split(separator: ":", omittingEmptySubsequences: false)
            let page = try number(args[0])
            switch (name, args.count) {
            case ("429", 1): kind = .rateLimited(page: page, retryAfterSeconds: 1)
            case ("429", 2): kind = .rateLimited(page: page, retryAfterSeconds: try number(args[1]))
            case ("500", 1): kind = .serverError(page: page)
            case ("malformed", 1): kind = .malformedJSON(page: page)
            case ("truncated", 1): kind = .truncated(page: page)
            case ("expire", 1): kind = .tokenExpiry(page: page)
            default: throw fail
            }
        } else {
            throw fail
        }
        return SimulatorFault(kind, provider: provider, count: count)
    }
}

/// A `--fault` value that does not follow the grammar.
public struct SimulatorFaultError: Error, Equatable, CustomStringConvertible {
    public let fault: String
    public var description: String {
        "invalid fault '\(fault)': expected e.g. 429@2:3, coursera.500@1x3, malformed@4, truncated@2, expire@2, slow:200 or badcreds (see --help)"
    }
}
