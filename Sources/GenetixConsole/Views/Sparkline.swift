/// Sparklines (`▁▂▃▄▅▆▇█`) and multi-row bar graphs of a metric history.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// The eight levels where the terminal has no UTF-8 (`LANG=C`).
    static let asciiLevels: [Character] = ["_", "_", ".", ".", "-", "=", "#", "#"]

    /// The last `width` samples as one row of blocks, right-aligned (older columns blank): scaled from zero to their
    /// maximum, so a steady rate draws as a steady line; `fromZero: false` zooms to the samples' own range.
    public static func line(_ samples: [Double], width: Int, fromZero: Bool = true, ascii: Bool = false) -> String {
        guard width > 0 else { return "" }
        let shown = Array(samples.suffix(width))
        let top = shown.max() ?? 0
        let bottom = fromZero ? min(0, shown.min() ?? 0) : (shown.min() ?? 0)
        var out = String(repeating: " ", count: width - shown.count)
        for v in shown {
            let level = top > bottom ? Int(((v - bottom) / (top - bottom) * 7).rounded()) : (top > 0 ? 3 : 0)
            out.append(ascii ? asciiLevels[min(7, max(0, level))] : blocks[min(7, max(0, level))])
        }
        return out
    }

    /// The last `width` samples as a bar graph `height` rows tall, top row first; each column fills eighths of a
    /// cell. The scale runs from zero to the largest sample (`fromZero: false`: from a little below the smallest, to
    /// see small changes). `ascii` draws with `#` and `.` for terminals without UTF-8.
    public static func graph(_ samples: [Double], width: Int, height: Int, fromZero: Bool = true, ascii: Bool = false) -> [String] {
        guard width > 0, height > 0 else { return [] }
        let shown = Array(samples.suffix(width))
        let top = shown.max() ?? 0
        let low = shown.min() ?? 0
        let bottom = fromZero ? min(0, low) : max(0, low - (top - low) * 0.15)
        let pad = width - shown.count
        var rows = Array(repeating: String(repeating: " ", count: pad), count: height)
        for v in shown {
            let eighths = top > bottom ? Int(((v - bottom) / (top - bottom) * Double(height * 8)).rounded()) : (top > 0 ? height * 4 : 0)
            for r in 0..<height {
                let fromBottom = height - 1 - r
                let filled = eighths - fromBottom * 8
                let ch: Character = ascii
                    ? (filled >= 4 ? "#" : filled > 0 ? "." : (fromBottom == 0 ? "_" : " "))
                    : filled >= 8 ? "█" : filled <= 0 ? (fromBottom == 0 ? "▁" : " ") : blocks[filled - 1]
                rows[r].append(ch)
            }
        }
        return rows
    }
}
