/// Sparklines (`▁▂▃▄▅▆▇█`) and multi-row bar graphs of a metric history.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The last `width` samples as one row of blocks scaled to their maximum, right-aligned (older columns blank).
    public static func line(_ samples: [Double], width: Int) -> String {
        guard width > 0 else { return "" }
        let shown = Array(samples.suffix(width))
        let top = shown.max() ?? 0
        let bottom = shown.min() ?? 0
        var out = String(repeating: " ", count: width - shown.count)
        for v in shown {
            let level = top > bottom ? Int(((v - bottom) / (top - bottom) * 7).rounded()) : (top > 0 ? 3 : 0)
            out.append(blocks[min(7, max(0, level))])
        }
        return out
    }

    /// The last `width` samples as a bar graph `height` rows tall, top row first. The scale runs from a little below
    /// the smallest sample to the largest, so changes stay visible; each column fills eighths of a cell.
    public static func graph(_ samples: [Double], width: Int, height: Int) -> [String] {
        guard width > 0, height > 0 else { return [] }
        let shown = Array(samples.suffix(width))
        let top = shown.max() ?? 0
        let low = shown.min() ?? 0
        let bottom = max(0, low - (top - low) * 0.15)
        let pad = width - shown.count
        var rows = Array(repeating: String(repeating: " ", count: pad), count: height)
        for v in shown {
            let eighths = top > bottom ? Int(((v - bottom) / (top - bottom) * Double(height * 8)).rounded()) : (top > 0 ? height * 4 : 0)
            for r in 0..<height {
                let fromBottom = height - 1 - r
                let filled = eighths - fromBottom * 8
                let ch: Character = filled >= 8 ? "█" : filled <= 0 ? (fromBottom == 0 ? "▁" : " ") : blocks[filled - 1]
                rows[r].append(ch)
            }
        }
        return rows
    }
}
