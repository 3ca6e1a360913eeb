/// A key the console reacts to, independent of the terminal library.
public enum Key: Sendable, Hashable, CustomStringConvertible {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    /// Ctrl plus a letter (`ctrl("c")`).
    case control(Character)

    /// How help screens spell the key: `q`, `↑`, `Enter`, `Ctrl-L`, `Space`.
    public var description: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .backspace: "Bksp"
        case .delete: "Del"
        case .control(let c): "Ctrl-\(c.uppercased())"
        }
    }
}

/// A mouse report: a click or a wheel turn at a cell.
public struct MouseEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case click, wheelUp, wheelDown }
    public var kind: Kind
    public var row: Int
    public var column: Int
    public init(kind: Kind, row: Int, column: Int) {
        self.kind = kind
        self.row = row
        self.column = column
    }
}

/// What a terminal reports.
public enum TerminalEvent: Sendable, Hashable {
    case key(Key)
    case resize(TerminalSize)
    case mouse(MouseEvent)
}
