import GenetixCommandLine
import Testing

@Suite struct NameSuggestionTests {
    @Test(arguments: [
        ("kitten", "sitting", 3), ("", "abc", 3), ("abc", "abc", 0), ("ab", "ba", 1), ("workers", "worker", 1), ("ca", "abc", 3),
    ])
    func editDistance(a: String, b: String, expected: Int) {
        #expect(NameSuggestion.editDistance(Array(a), Array(b)) == expected)
    }

    @Test func picksTheClosestAndPrefersTheFirstOnTies() {
        #expect(NameSuggestion.nearest(to: "--worker", among: ["--workers", "--work"]) == "--workers")
        #expect(NameSuggestion.nearest(to: "stauts", among: ["start", "status", "stop"]) == "status")
        #expect(NameSuggestion.nearest(to: "ab", among: ["ax", "ay"]) == "ax")
    }

    @Test func shortOrDistantNamesGetNoSuggestion() {
        #expect(NameSuggestion.nearest(to: "x", among: ["y", "z"]) == nil)
        #expect(NameSuggestion.nearest(to: "nope", among: ["app", "scale", "tail", "db"]) == nil)
        #expect(NameSuggestion.nearest(to: "--", among: ["--help"]) == nil)
    }
}
