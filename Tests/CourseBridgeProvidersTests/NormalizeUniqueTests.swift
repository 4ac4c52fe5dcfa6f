import Testing
@testable import CourseBridgeProviders

/// `Normalize.unique` keeps first occurrences and drops empties, whether the list is short (compared in place)
/// or long (hashed).
@Suite struct NormalizeUniqueTests {
    @Test(arguments: [
        ([], []),
        (["", ""], []),
        (["Ada", "", "Alan", "Ada", "ada"], ["Ada", "Alan", "ada"]),
        ((0..<40).map { "n\($0 % 20)" } + [""], (0..<20).map { "n\($0)" }),
    ] as [([String], [String])])
    func keepsFirstOccurrencesAndDropsEmpties(input: [String], expected: [String]) {
        #expect(Normalize.unique(input) == expected)
    }
}
