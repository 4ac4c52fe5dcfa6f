import CourseBridgeCore
import Testing
@testable import ProviderSimulator

@Suite struct FaultSpecTests {
    @Test(arguments: [
        ("429@2:3", SimulatorFault(.rateLimited(page: 2, retryAfterSeconds: 3))),
        ("429@2", SimulatorFault(.rateLimited(page: 2, retryAfterSeconds: 1))),
        ("500@1x3", SimulatorFault(.serverError(page: 1), count: 3)),
        ("coursera.500@4", SimulatorFault(.serverError(page: 4), provider: .coursera)),
        ("malformed@4", SimulatorFault(.malformedJSON(page: 4))),
        ("truncated@2x1", SimulatorFault(.truncated(page: 2), count: 1)),
        ("edx.expire@2", SimulatorFault(.tokenExpiry(page: 2), provider: .edx)),
        ("500@2x*", SimulatorFault(.serverError(page: 2), count: .some(nil))),
        ("slow:250", SimulatorFault(.slow(delayMs: 250))),
        ("badcreds", SimulatorFault(.wrongCredentials)),
    ])
    func parsesEachKind(spec: String, expected: SimulatorFault) throws {
        #expect(try SimulatorFault.parse(spec) == [expected])
        #expect(try SimulatorFault.parse(expected.description) == [expected])
    }

    @Test func transientFaultsFireOnceDataFaultsEveryTime() {
        #expect(SimulatorFault(.serverError(page: 1)).count == 1)
        #expect(SimulatorFault(.rateLimited(page: 1, retryAfterSeconds: 1)).count == 1)
        #expect(SimulatorFault(.malformedJSON(page: 1)).count == nil)
        #expect(SimulatorFault(.truncated(page: 1)).count == nil)
    }

    @Test func severalFaultsCommaSeparatedOrRepeated() throws {
        #expect(try SimulatorFault.parse("429@2, 500@3").count == 2)
        #expect(try SimulatorFault.parse(specs: ["429@2", "slow:10,badcreds"]).count == 3)
    }

    @Test(arguments: ["", "500", "500@0", "500@x", "404@1", "429@1:0", "slow:", "malformed@2x0", "moodle.500@1", "expire@1:2"])
    func rejectsInvalidSpecs(spec: String) {
        #expect(throws: SimulatorFaultError.self) { try SimulatorFault.parse(spec) }
    }

    @Test func helpNamesEveryKind() {
        for word in ["429@", "500@", "malformed@", "truncated@", "expire@", "slow:", "badcreds"] {
            #expect(SimulatorFault.help.contains(word))
        }
    }
}
