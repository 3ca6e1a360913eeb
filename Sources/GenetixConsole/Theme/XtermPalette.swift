/// The xterm 256-colour palette: RGB of every index, and nearest-colour searches for `#rrggbb` theme colours and
/// 8-colour terminals.
public enum XtermPalette {
    /// An RGB triple.
    public struct RGB: Sendable, Hashable {
        public var red: Int, green: Int, blue: Int
        public init(_ red: Int, _ green: Int, _ blue: Int) { self.red = red; self.green = green; self.blue = blue }

        func distance(to other: RGB) -> Int {
            // Weighted Euclidean distance ("redmean"), close enough to perception for picking palette entries.
            let rmean = (red + other.red) / 2
            let dr = red - other.red, dg = green - other.green, db = blue - other.blue
            return (((512 + rmean) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rmean) * db * db) >> 8)
        }
    }

    private static let basic: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0), RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205),
        RGB(229, 229, 229), RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0), RGB(92, 92, 255),
        RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]
    private static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The RGB value xterm uses for an index.
    public static func rgb(_ index: UInt8) -> RGB {
        let i = Int(index)
        if i < 16 { return basic[i] }
        if i < 232 {
            let c = i - 16
            return RGB(cubeLevels[c / 36], cubeLevels[(c / 6) % 6], cubeLevels[c % 6])
        }
        let grey = 8 + (i - 232) * 10
        return RGB(grey, grey, grey)
    }

    /// The palette index (16–255, whose colours do not depend on the terminal's own scheme) nearest to `rgb`.
    public static func nearest(to rgb: RGB) -> UInt8 {
        var best: UInt8 = 16
        var bestDistance = Int.max
        for i in 16...255 {
            let d = rgb.distance(to: Self.rgb(UInt8(i)))
            if d < bestDistance { bestDistance = d; best = UInt8(i) }
        }
        return best
    }

    /// The basic colour (0–7) nearest to an index, for 8-colour terminals; bright colours map to their base colour.
    public static func nearestBasic(to index: UInt8) -> UInt8 {
        if index < 8 { return index }
        if index < 16 { return index - 8 }
        let target = rgb(index)
        var best: UInt8 = 0
        var bestDistance = Int.max
        for i in 0..<8 {
            let d = target.distance(to: basic[i])
            if d < bestDistance { bestDistance = d; best = UInt8(i) }
        }
        return best
    }

    /// Colour names theme files may use, with their indices.
    public static let names: [String: UInt8] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "brightblack": 8, "gray": 8, "grey": 8, "brightred": 9, "brightgreen": 10, "brightyellow": 11,
        "brightblue": 12, "brightmagenta": 13, "brightcyan": 14, "brightwhite": 15,
    ]

    /// Parses a theme colour: `default`, a name, `0`–`255` as text, or `#rrggbb`; nil when it is none of these.
    public static func parse(_ text: String) -> TerminalColor? {
        let lower = text.lowercased()
        if lower == "default" || lower == "none" { return .default }
        if let index = names[lower] { return .index(index) }
        if let number = Int(lower), (0...255).contains(number) { return .index(UInt8(number)) }
        if lower.hasPrefix("#"), lower.count == 7, let value = Int(lower.dropFirst(), radix: 16) {
            return .index(nearest(to: RGB(value >> 16, (value >> 8) & 0xFF, value & 0xFF)))
        }
        return nil
    }
}
