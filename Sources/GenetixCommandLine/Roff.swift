/// Escaping of text for roff man pages.
enum Roff {
    /// `text` safe inside a roff line: backslashes as `\e`, hyphens as `\-` (so they print and copy as ASCII minus).
    /// Characters beyond ASCII as `\[uXXXX]`, which groff renders in any output encoding without a warning.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            case _ where scalar.isASCII: out.unicodeScalars.append(scalar)
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
            }
        }
        return out
    }

    /// `text` as a line of running text: escaped, and a leading `.` or `'` guarded by `\&` so it is not a request.
    static func line(_ text: String) -> String {
        let escaped = escape(text)
        return escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" + escaped : escaped
    }
}
