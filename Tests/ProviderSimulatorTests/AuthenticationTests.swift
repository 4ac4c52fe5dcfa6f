import CourseBridgeCore
import Foundation
import Testing
@testable import ProviderSimulator

@Suite struct AuthenticationTests {
    @Test func wrongSecretsAreRefusedAtTheTokenEndpoints() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 10))
        let li = try await HTTP.postForm(server.tokenURL(for: .linkedin)!, ["grant_type": "client_credentials",
                                                                           "client_id": server.credentials.linkedinClientId, "client_secret": "nope"])
        #expect(li.status == 401)
        let basic = Data("\(server.credentials.courseraClientId):wrong".utf8).base64EncodedString()
        let co = try await HTTP.postForm(server.tokenURL(for: .coursera)!, ["grant_type": "client_credentials"],
                                         headers: ["Authorization": "Basic \(basic)"])
        #expect(co.status == 401)
        let edx = try await HTTP.postForm(server.tokenURL(for: .edx)!, ["grant_type": "client_credentials", "token_type": "jwt",
                                                                        "client_id": "x", "client_secret": "y"])
        #expect(edx.status == 401)
        #expect(!li.text.contains(server.credentials.linkedinClientSecret))
        await server.stop()
    }

    @Test func tokenResponsesHaveEachProvidersShape() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 10))
        let c = server.credentials
        let li = try await HTTP.postForm(server.tokenURL(for: .linkedin)!, ["grant_type": "client_credentials",
                                                                           "client_id": c.linkedinClientId, "client_secret": c.linkedinClientSecret]).object()
        #expect(li["expires_in"] is Int && li["token_type"] == nil)
        let edx = try await HTTP.postForm(server.tokenURL(for: .edx)!, ["grant_type": "client_credentials", "token_type": "jwt",
                                                                        "client_id": c.edxClientId, "client_secret": c.edxClientSecret]).object()
        #expect(edx["expires_in"] as? String == "36000")
        #expect(edx["token_type"] as? String == "JWT")
        await server.stop()
    }

    @Test func badTokensGetEachProvidersError() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 10))
        let li = try await HTTP.get(server.firstPageURL(.linkedin, size: 10), auth: "Bearer forged")
        #expect(li.status == 401)
        #expect(try li.object()["serviceErrorCode"] as? Int == 65600)
        let edxToken = try await server.authorization(.edx)
        let bearer = edxToken.replacingOccurrences(of: "JWT ", with: "Bearer ")
        #expect(try await HTTP.get(server.firstPageURL(.edx, size: 10), auth: bearer).status == 401, "edX wants the JWT scheme")
        let edx = try await HTTP.get(server.firstPageURL(.edx, size: 10), auth: nil)
        #expect(try edx.object()["detail"] is String)
        #expect(try await HTTP.get(server.firstPageURL(.skillsoft, size: 10), auth: "Bearer wrong").status == 401)
        await server.stop()
    }

    @Test func organizationsOutsideTheCredentialsAreRefused() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 10))
        let coursera = try await server.authorization(.coursera)
        let base = server.apiBase(for: .coursera)
        #expect(try await HTTP.get(base + "/\(server.credentials.courseraOrgId)", auth: coursera).status == 200)
        #expect(try await HTTP.get(base + "/\(SimulatorCredentials.courseraUnentitledOrgId)", auth: coursera).status == 403)
        #expect(try await HTTP.get(base + "/unknownOrg", auth: coursera).status == 404)
        let skillsoft = try await server.authorization(.skillsoft)
        let ss = server.apiBase(for: .skillsoft) + "/content-discovery/v2/organizations/"
        #expect(try await HTTP.get(ss + "00000000-0000-4000-a000-000000000000/catalog-content", auth: skillsoft).status == 403)
        #expect(try await HTTP.get(ss + "not-an-org/catalog-content", auth: skillsoft).status == 404)
        await server.stop()
    }

    @Test(arguments: Provider.allCases)
    func wrongCredentialsFaultRefusesEverything(provider: Provider) async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 10))
        let auth = try await server.authorization(provider)
        server.setFaults([SimulatorFault(.wrongCredentials)])
        #expect(try await HTTP.get(server.firstPageURL(provider, size: 10), auth: auth).status == 401)
        if provider != .skillsoft {
            await #expect(throws: (any Error).self) { _ = try await server.authorization(provider) }
        }
        await server.stop()
    }

    @Test func credentialValuesUseTheCoreFieldKeys() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 10, seed: 77))
        for provider in Provider.allCases {
            let values = server.credentialValues(for: provider)
            #expect(Set(values.keys) == Set(provider.credentialFields.map(\.key)))
            #expect(throws: Never.self) { try CredentialInput.validate(values, for: provider) }
        }
        #expect(server.credentialValues(for: .skillsoft)["tenant_url"] == server.apiBase(for: .skillsoft))
        #expect(SimulatorCredentials.generated(seed: 77) == server.credentials)
        #expect(SimulatorCredentials.generated(seed: 78) != server.credentials)
        await server.stop()
    }
}
