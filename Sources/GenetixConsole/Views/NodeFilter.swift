/// The `/` filter of the overview: a case-insensitive regular expression matched against a node's name, kind and
/// role; a leading `!` keeps the nodes that do not match (as in k9s).
struct NodeFilter {
    let regex: Regex<AnyRegexOutput>?
    let inverted: Bool
    /// The text, for a filter whose expression does not compile: it then matches as plain text.
    let literal: String

    /// nil for an empty filter (everything shows).
    init?(_ text: String) {
        inverted = text.hasPrefix("!")
        let pattern = inverted ? String(text.dropFirst()) : text
        guard !pattern.isEmpty else { return nil }
        literal = pattern.lowercased()
        regex = try? Regex(pattern).ignoresCase()
    }

    /// Whether the node with these texts is shown.
    func matches(_ texts: [String]) -> Bool {
        let hit = texts.contains { text in
            if let regex { return (try? regex.firstMatch(in: text)) != nil }
            return text.lowercased().contains(literal)
        }
        return hit != inverted
    }
}
