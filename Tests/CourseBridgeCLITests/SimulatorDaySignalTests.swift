import Foundation
import Testing

/// `coursebridge simulate` advances its day on SIGUSR1, which scripts/chaos.py sends as soon as it has read the
/// banner. The handler is installed before the banner is printed (SIGUSR1's default action ends the process); that
/// ordering is in SimulateCommand and cannot be forced from outside, so this checks the behaviour a script relies on.
@Suite(.timeLimit(.minutes(2))) struct SimulatorDaySignalTests {
    @Test func aDaySignalRightAfterTheBannerAdvancesTheDay() throws {
        let sim = try SimulatorProcess(items: 300)
        defer { sim.stop() }
        #expect(sim.output.contains("Ctrl-C stops"))
        for day in 1...3 {
            kill(sim.process.processIdentifier, SIGUSR1)
            #expect(sim.readOutput(until: "day \(day)\n", seconds: 20), "the simulator printed: \(sim.output.suffix(200))")
        }
        #expect(sim.process.isRunning)
    }
}
