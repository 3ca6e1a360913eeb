/// The confirmation of a mutating action: the target, the preflight, the equivalent headless command and the keys.
/// A refused action shows why in full (wrapped, not cut), and when `--force` lifts the refusal, the override's
/// headless command and `F` to run it.
enum DialogView {
    static func draw(into buffer: inout ScreenBuffer, _ dialog: ConfirmDialog, theme: Theme) {
        var lines: [(String, ThemeRole)] = [("Target: \(dialog.action.node)", .dialog), ("", .dialog)]
        let refusal = dialog.preflight?.blocker
        let override = refusal == nil ? nil : dialog.preflight?.override.flatMap { _ in dialog.action.forced }
        if let preflight = dialog.preflight {
            lines += preflight.lines.map { ($0, .dialog) }
            if let refusal { lines.append(("✗ refused: " + refusal, .warn)) }
            lines += preflight.warnings.map { ("! " + $0, .warn) }
        } else {
            lines.append(("Checking the current state…", .dialog))
        }
        lines += [("", .dialog), ("Same as: \(dialog.headlessCommand)", .dialog)]
        if let override { lines.append(("Override: \(override.headlessCommand)", .dialog)) }
        lines.append(("", .dialog))
        let keys = if override != nil { "[F] force it anyway   [n] / [Esc] cancel" }
            else if refusal != nil { "[n] / [Esc] close" }
            else { "[y] confirm   [n] / [Esc] cancel" }
        let widest = (lines.map { CharacterWidth.of($0.0) } + [CharacterWidth.of(keys), CharacterWidth.of(dialog.action.title) + 12]).max() ?? 40
        let width = min(buffer.columns - 4, max(44, widest + 4))
        let shown = lines.flatMap { line in wrap(line.0, width: width - 4).map { ($0, line.1) } }
        let height = min(buffer.rows - 2, shown.count + 3)
        let top = max(1, (buffer.rows - height) / 2)
        let left = (buffer.columns - width) / 2
        let fill = theme[.dialog]
        let titleStyle = theme[.dialogBorder]
        buffer.frame(row: top, column: left, height: height, width: width, style: theme[.dialogBorder], fill: fill,
                     title: (refusal == nil ? "Confirm: " : "Refused: ") + dialog.action.title, titleStyle: titleStyle)
        for (i, line) in shown.prefix(height - 3).enumerated() {
            var style = line.1 == .warn ? theme[.warn].on(fill.background) : fill
            if line.0.hasPrefix("Same as:") || line.0.hasPrefix("Override:") { style = fill.adding(.bold) }
            buffer.write(CharacterWidth.truncate(line.0, to: width - 4), row: top + 1 + i, column: left + 2, style: style)
        }
        buffer.write(keys, row: top + height - 2, column: left + 2, style: theme[.dialogBorder], limit: width - 4)
    }

    /// `text` broken at spaces into lines of at most `width` columns, continuation lines indented by two; a word
    /// longer than a line is left for the caller to cut.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard CharacterWidth.of(text) > width, width > 12 else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if CharacterWidth.of(candidate) <= width || current.allSatisfy({ $0 == " " }) {
                current = candidate
            } else {
                lines.append(current)
                current = "  " + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
