/// A count with its noun in the right number, so no screen or command says "1 learners".
public enum Plural {
    /// `Plural.count(1, "learner")` is "1 learner", `Plural.count(2, "learner")` "2 learners";
    /// irregular nouns name their plural: `Plural.count(n, "entry", "entries")`.
    public static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(noun(n, singular, plural))"
    }

    /// The noun alone, for sentences that place the number elsewhere.
    public static func noun(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        n == 1 ? singular : plural ?? singular + "s"
    }
}
