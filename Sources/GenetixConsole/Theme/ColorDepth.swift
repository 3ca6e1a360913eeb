/// How many colours a terminal can show; styles are reduced to what it has.
public enum ColorDepth: Sendable, Hashable, CustomStringConvertible {
    case monochrome
    case eight
    case twoFiftySix

    /// The depth for a terminal reporting `colors` colours.
    public init(colors: Int) {
        self = colors >= 256 ? .twoFiftySix : colors >= 8 ? .eight : .monochrome
    }

    public var description: String {
        switch self {
        case .monochrome: "monochrome"
        case .eight: "8 colours"
        case .twoFiftySix: "256 colours"
        }
    }
}

extension TerminalColor {
    /// The nearest colour the depth can show (`default` on a monochrome terminal).
    public func reduced(to depth: ColorDepth) -> TerminalColor {
        switch (self, depth) {
        case (.default, _), (_, .twoFiftySix): return self
        case (.index, .monochrome): return .default
        case (.index(let i), .eight): return .index(XtermPalette.nearestBasic(to: i))
        }
    }
}

extension Style {
    /// This style as a terminal of `depth` can show it.
    public func reduced(to depth: ColorDepth) -> Style {
        Style(foreground: foreground.reduced(to: depth), background: background.reduced(to: depth), attributes: attributes)
    }
}
