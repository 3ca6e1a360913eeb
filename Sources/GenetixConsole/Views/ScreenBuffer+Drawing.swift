extension ScreenBuffer {
    /// A horizontal line of `─` with an optional title: `── Title ─────`.
    public mutating func rule(row: Int, column: Int, width: Int, style: Style, title: String? = nil, titleStyle: Style? = nil) {
        write(String(repeating: "─", count: max(0, width)), row: row, column: column, style: style, limit: width)
        if let title, width > 6 {
            write(" " + title + " ", row: row, column: column + 2, style: titleStyle ?? style, limit: width - 4)
        }
    }

    /// A box frame with an optional title in its top edge, interior filled with `fill`.
    public mutating func frame(row: Int, column: Int, height: Int, width: Int, style: Style, fill: Style, title: String? = nil,
                               titleStyle: Style? = nil) {
        guard height >= 2, width >= 2 else { return }
        self.fill(row: row, column: column, height: height, width: width, style: fill)
        let inner = width - 2
        write("┌" + String(repeating: "─", count: inner) + "┐", row: row, column: column, style: style)
        for y in row + 1..<row + height - 1 {
            write("│", row: y, column: column, style: style)
            write("│", row: y, column: column + width - 1, style: style)
        }
        write("└" + String(repeating: "─", count: inner) + "┘", row: row + height - 1, column: column, style: style)
        if let title { write(" " + title + " ", row: row, column: column + 2, style: titleStyle ?? style, limit: width - 4) }
    }

    /// Paints a row as selected: the selection background and attributes over the existing foregrounds.
    public mutating func select(row: Int, column: Int = 0, width: Int? = nil, theme: Theme) {
        let selection = theme[.selection]
        restyle(row: row, column: column, width: width ?? columns) { style in
            var s = style
            s.background = selection.background
            s.attributes.formUnion(selection.attributes)
            if selection.background == .default { s.foreground = selection.foreground == .default ? s.foreground : selection.foreground }
            return s
        }
    }

    /// Writes `text` and highlights every case-insensitive occurrence of `needle` in `highlight`; returns columns used.
    @discardableResult
    public mutating func write(_ text: String, row: Int, column: Int, style: Style, highlighting needle: String, highlight: Style,
                               limit: Int? = nil) -> Int {
        let used = write(text, row: row, column: column, style: style, limit: limit)
        guard !needle.isEmpty else { return used }
        let lower = text.lowercased()
        var searchStart = lower.startIndex
        while let range = lower.range(of: needle.lowercased(), range: searchStart..<lower.endIndex) {
            let startColumn = CharacterWidth.of(lower[lower.startIndex..<range.lowerBound])
            let w = CharacterWidth.of(lower[range])
            let visible = min(w, used - startColumn)
            if visible > 0 { restyle(row: row, column: column + startColumn, width: visible) { _ in highlight } }
            searchStart = range.upperBound
        }
        return used
    }
}
