/// The help screen, generated from the key map, plus the command-line reference.
public enum HelpView {
    /// The help text lines: (text, is a heading).
    public static func lines(keyMap: KeyMap) -> [(key: String, text: String, heading: Bool)] {
        var out: [(String, String, Bool)] = []
        for section in keyMap.sections {
            out.append((section.title, "", true))
            for b in section.bindings {
                out.append((b.keys.map(\.description).joined(separator: " "), b.help + (b.headless.map { " — " + $0 } ?? ""), false))
            }
        }
        out.append(("Command line", "", true))
        for (command, help) in ConsoleCommandLine.reference { out.append((command, help, false)) }
        return out
    }

    static func draw(into buffer: inout ScreenBuffer, area: ContentArea, _ state: ViewState, theme: Theme, keyMap: KeyMap) {
        buffer.rule(row: area.top, column: 0, width: area.width, style: theme[.border], title: "Help — Esc to go back", titleStyle: theme[.title])
        let all = lines(keyMap: keyMap)
        // Two columns of text when the screen is wide enough to hold them.
        let columnsCount = area.width >= 150 ? 2 : 1
        let colWidth = (area.width - 2) / columnsCount
        let perColumn = max(1, area.height - 1)
        let start = min(state.helpScroll, max(0, all.count - perColumn * columnsCount))
        let shown = Array(all.dropFirst(start))
        for (i, line) in shown.prefix(perColumn * columnsCount).enumerated() {
            let row = area.top + 1 + i % perColumn
            let x = 1 + (i / perColumn) * colWidth
            if line.heading {
                buffer.write(line.key, row: row, column: x, style: theme[.tier], limit: colWidth - 1)
            } else {
                // Keys are short; command-line forms (`:weight BALANCER BACKEND N`) get a wider column.
                let keyWidth = line.key.hasPrefix(":") ? min(26, max(12, colWidth / 3)) : 12
                buffer.write(padded: line.key, row: row, column: x + 1, width: keyWidth, style: theme[.accent])
                buffer.write(line.text, row: row, column: x + 1 + keyWidth + 1, style: theme[.text], limit: colWidth - keyWidth - 3)
            }
        }
    }
}
