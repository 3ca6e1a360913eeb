/// A terminal colour: the terminal's default, or an index into the xterm 256-colour palette
/// (0–7 the basic colours, 8–15 their bright variants, 16–231 the 6×6×6 cube, 232–255 the grey ramp).
public enum TerminalColor: Sendable, Hashable {
    case `default`
    case index(UInt8)
}

/// Text attributes a cell can carry.
public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let reverse = TextAttributes(rawValue: 1 << 3)
    public static let italic = TextAttributes(rawValue: 1 << 4)

    /// Attribute names as theme files spell them.
    public static let names: [(String, TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse), ("italic", .italic),
    ]
}

/// How a cell looks: foreground and background colour plus attributes.
public struct Style: Sendable, Hashable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: TextAttributes

    public init(foreground: TerminalColor = .default, background: TerminalColor = .default, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// The terminal's plain style.
    public static let plain = Style()

    /// This style with extra attributes.
    public func adding(_ extra: TextAttributes) -> Style {
        var copy = self
        copy.attributes.formUnion(extra)
        return copy
    }

    /// This style with another background (used to paint a selected row without losing its foreground).
    public func on(_ background: TerminalColor) -> Style {
        var copy = self
        copy.background = background
        return copy
    }
}

/// One cell of a screen: a character and its style. A character two columns wide occupies its cell and the next,
/// which is marked as a continuation.
public struct Cell: Sendable, Hashable {
    public var character: Character
    public var style: Style
    /// Columns the character takes: 1, 2 for a wide character, 0 for the continuation cell right of a wide one.
    public var width: UInt8

    public init(character: Character = " ", style: Style = .plain, width: UInt8 = 1) {
        self.character = character
        self.style = style
        self.width = width
    }

    /// An empty cell in `style`.
    public static func blank(_ style: Style = .plain) -> Cell { Cell(character: " ", style: style, width: 1) }
}
