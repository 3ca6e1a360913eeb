/// Splits the comma-separated values of options declared with `isCommaSeparated` (`--backend a, b,c`).
enum CommaList {
    /// The non-empty items of `text`, with surrounding spaces trimmed.
    static func split(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
