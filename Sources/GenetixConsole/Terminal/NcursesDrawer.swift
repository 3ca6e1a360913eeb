import CNcurses

/// Draws frames with ncurses on the terminal thread: colour pairs allocated on demand, only changed runs written.
struct NcursesDrawer {
    private let depth: ColorDepth
    private var previous: ScreenBuffer?
    private var pairs: [PairKey: Int16] = [:]
    private let maxPairs: Int
    private let colors: Int

    private struct PairKey: Hashable { var fg: Int16; var bg: Int16 }

    init(depth: ColorDepth) {
        self.depth = depth
        maxPairs = depth == .monochrome ? 1 : min(Int(shim_color_pairs()), 32767)
        colors = Int(shim_colors())
    }

    /// Forgets the last frame, so the next one is drawn in full (after a resize).
    mutating func invalidate() {
        previous = nil
        _ = shim_clearok()
    }

    mutating func draw(_ frame: ScreenBuffer) {
        if previous?.size != frame.size { _ = shim_erase() }
        for run in frame.changes(from: previous) {
            let (attrs, pair) = attributes(for: run.style)
            _ = shim_set_attributes(attrs, pair)
            var wide = run.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
            wide.append(0)
            _ = shim_move_add_wide(Int32(run.row), Int32(run.column), wide, Int32(wide.count - 1))
        }
        _ = shim_set_attributes(shim_a_normal(), 0)
        if let cursor = frame.cursor {
            curs_set(1)
            _ = shim_move(Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        _ = shim_refresh()
        previous = frame
    }

    private mutating func attributes(for style: Style) -> (UInt32, Int16) {
        var attrs = shim_a_normal()
        if style.attributes.contains(.bold) { attrs |= shim_a_bold() }
        if style.attributes.contains(.dim) { attrs |= shim_a_dim() }
        if style.attributes.contains(.underline) { attrs |= shim_a_underline() }
        if style.attributes.contains(.reverse) { attrs |= shim_a_reverse() }
        if style.attributes.contains(.italic) { attrs |= shim_a_italic() }
        guard depth != .monochrome else { return (attrs, 0) }
        let key = PairKey(fg: color(style.foreground), bg: color(style.background))
        if key.fg == -1 && key.bg == -1 { return (attrs, 0) }
        if let pair = pairs[key] { return (attrs, pair) }
        guard pairs.count + 1 < maxPairs else { return (attrs, 0) }
        let pair = Int16(pairs.count + 1)
        init_pair(pair, key.fg, key.bg)
        pairs[key] = pair
        return (attrs, pair)
    }

    private func color(_ c: TerminalColor) -> Int16 {
        switch c.reduced(to: depth) {
        case .default: -1
        case .index(let i): Int(i) < colors ? Int16(i) : -1
        }
    }
}
