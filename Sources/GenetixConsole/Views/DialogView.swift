/// The confirmation of a mutating action: the target, the preflight, the equivalent headless command and the keys.
enum DialogView {
    static func draw(into buffer: inout ScreenBuffer, _ dialog: ConfirmDialog, theme: Theme) {
        var lines: [(String, ThemeRole)] = [("Target: \(dialog.action.node)", .dialog), ("", .dialog)]
        if let preflight = dialog.preflight {
            lines += preflight.lines.map { ($0, .dialog) }
            if let blocker = preflight.blocker { lines.append(("✗ will be refused: " + blocker, .warn)) }
            lines += preflight.warnings.map { ("! " + $0, .warn) }
        } else {
            lines.append(("Checking the current state…", .dialog))
        }
        lines += [("", .dialog), ("Same as: \(dialog.headlessCommand)", .dialog), ("", .dialog)]
        let keys = "[y] confirm   [n] / [Esc] cancel"
        let widest = (lines.map { CharacterWidth.of($0.0) } + [CharacterWidth.of(keys), CharacterWidth.of(dialog.action.title) + 12]).max() ?? 40
        let width = min(buffer.columns - 4, max(44, widest + 4))
        let height = min(buffer.rows - 2, lines.count + 3)
        let top = max(1, (buffer.rows - height) / 2)
        let left = (buffer.columns - width) / 2
        let fill = theme[.dialog]
        let titleStyle = theme[.dialogBorder]
        buffer.frame(row: top, column: left, height: height, width: width, style: theme[.dialogBorder], fill: fill,
                     title: "Confirm: " + dialog.action.title, titleStyle: titleStyle)
        for (i, line) in lines.prefix(height - 3).enumerated() {
            var style = line.1 == .warn ? theme[.warn].on(fill.background) : fill
            if line.0.hasPrefix("Same as:") { style = fill.adding(.bold) }
            buffer.write(CharacterWidth.truncate(line.0, to: width - 4), row: top + 1 + i, column: left + 2, style: style)
        }
        buffer.write(keys, row: top + height - 2, column: left + 2, style: theme[.dialogBorder], limit: width - 4)
    }
}
