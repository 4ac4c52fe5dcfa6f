import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

@Suite struct ProviderErrorTests {
    // MARK: - Messages

    @Test(arguments: [
        (#"{"serviceErrorCode":65600,"message":"Invalid access token","status":401}"#, "Invalid access token"),
        (#"{"detail":"Authentication credentials were not provided."}"#, "Authentication credentials were not provided."),
        (#"{"message":"Org not found","errorCode":"NOT_FOUND"}"#, "Org not found (NOT_FOUND)"),
        (#"{"errorCode":"UNAUTHORIZED"}"#, "UNAUTHORIZED"),
        (#"{"error":"invalid_client","error_description":"Client authentication failed"}"#,
         "Client authentication failed (invalid_client)"),
        ("<html><body><h1>502 Bad Gateway</h1></body></html>", "502 Bad Gateway"),
    ])
    func providerMessageIsFound(body: String, expected: String) {
        #expect(ProviderMessage.extract(from: Data(body.utf8)) == expected)
    }

    @Test func linkedInWrongCredentialsTellsWhereToLook() {
        let e = ProviderError(provider: .linkedin, host: "www.linkedin.com", kind: .wrongCredentials(status: 401, message: nil))
        #expect(e.description == "LinkedIn Learning refused the client id/secret (HTTP 401 at www.linkedin.com): check the Client ID "
            + "and Client Secret under Integrate → Access content and reports via API in LinkedIn Learning")
    }

    @Test(arguments: Provider.allCases)
    func everyKindNamesProviderAndHost(provider: Provider) {
        let kinds: [ProviderError.Kind] = [
            .wrongCredentials(status: 401, message: "m"), .wrongOrganization(status: 404, message: nil),
            .hostUnreachable(detail: "Couldn't connect to server"), .tls(detail: "SSL peer certificate"), .timeout,
            .rateLimited(retryAfter: 30), .unexpectedResponse(status: 502, message: "bad gateway"),
            .pagingContractBroken(reason: "wrong count"),
        ]
        for kind in kinds {
            let text = ProviderError(provider: provider, host: "api.example.test", kind: kind).description
            #expect(text.contains(provider.displayName), "\(text)")
            #expect(text.contains("api.example.test"), "\(text)")
        }
    }

    // MARK: - Scrubbing

    @Test(arguments: [
        "https://h/x?access_token=abc123def&y=1",
        "client_secret=s3cr3t-value&grant_type=client_credentials",
        #"{"access_token":"eyJhbGciOiJIUzI1NiJ9.payload","expires_in":10}"#,
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload",
        "Authorization: JWT eyJhbGciOiJIUzI1NiJ9.payload",
        "https://user:passw0rd@host/path",
    ])
    func patternsAreScrubbed(text: String) {
        let scrubbed = SecretScrubber().scrub(text)
        for secret in ["abc123def", "s3cr3t-value", "eyJhbGciOiJIUzI1NiJ9", "passw0rd"] {
            #expect(!scrubbed.contains(secret), "\(scrubbed)")
        }
    }

    @Test func knownSecretsAreScrubbedWherever() {
        let scrubber = SecretScrubber(secrets: ["LiSecret0123456789", "ab"])
        #expect(scrubber.scrub("bad client LiSecret0123456789 (LiSecret0123456789)") == "bad client •••••••• (••••••••)")
        // Too-short values are not blanked out of ordinary words.
        #expect(scrubber.scrub("about") == "about")
    }

    // MARK: - Test connection classification

    @Test func connectionResultsFollowTheErrorKind() {
        func result(_ kind: ProviderError.Kind) -> ConnectionTestResult {
            ConnectionTestResult(error: ProviderError(provider: .coursera, host: "h", kind: kind))
        }
        #expect(result(.wrongCredentials(status: 401, message: nil)) == .wrongCredentials)
        #expect(result(.wrongOrganization(status: 403, message: nil)) == .wrongOrganization)
        #expect(result(.hostUnreachable(detail: "x")) == .hostUnreachable)
        #expect(result(.tls(detail: "x")) == .tlsError)
        guard case .unexpectedResponse(let text) = result(.unexpectedResponse(status: 500, message: "boom")) else {
            Issue.record("expected unexpectedResponse")
            return
        }
        #expect(text.contains("500") && text.contains("boom"))
    }

    @Test(arguments: Provider.allCases)
    func connectionMessagesSpeakToTheAdministrator(provider: Provider) {
        #expect(ConnectionTestResult.ok(catalogSize: 12).message(for: provider).contains("12 items"))
        #expect(ConnectionTestResult.wrongCredentials.message(for: provider).contains("check"))
        #expect(ConnectionTestResult.hostUnreachable.message(for: provider).contains(provider.displayName))
    }
}
