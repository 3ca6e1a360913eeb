/// Quoting for the generated shell scripts (bash and zsh share POSIX single quotes).
enum ShellWord {
    /// `text` in single quotes, each `'` written as `'\''`.
    static func quoted(_ text: String) -> String {
        "'" + replacing(text, ["'": "'\\''"]) + "'"
    }

    /// A shell function name part: letters, digits and `_` only (`genetix-dev` → `genetix_dev`).
    static func identifier(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// `text` with each character that is a key of `table` replaced by its value.
    static func replacing(_ text: String, _ table: [Character: String]) -> String {
        var out = ""
        for character in text { out += table[character] ?? String(character) }
        return out
    }
}
