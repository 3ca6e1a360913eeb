/// A horizontal run of changed cells with one style, ready to be drawn in one call.
public struct ChangedRun: Sendable, Equatable {
    public var row: Int
    public var column: Int
    public var text: String
    public var style: Style
    /// Columns the run covers.
    public var width: Int

    public init(row: Int, column: Int, text: String, style: Style, width: Int) {
        self.row = row
        self.column = column
        self.text = text
        self.style = style
        self.width = width
    }
}

extension ScreenBuffer {
    /// The runs that differ between `previous` and this buffer: drawing only them turns the previous frame into this
    /// one without flicker. A buffer of another size (or none) changes everything.
    public func changes(from previous: ScreenBuffer?) -> [ChangedRun] {
        let full = previous == nil || previous?.size != size
        var runs: [ChangedRun] = []
        for row in 0..<rows {
            var current: ChangedRun?
            var x = 0
            while x < columns {
                let cell = self[row, x]
                let changed = full || previous![row, x] != cell
                    || (cell.width == 2 && x + 1 < columns && previous![row, x + 1] != self[row, x + 1])
                if cell.width == 0 {
                    x += 1
                    continue
                }
                if changed {
                    if var run = current, run.style == cell.style, run.column + run.width == x {
                        run.text.append(cell.character)
                        run.width += Int(cell.width)
                        current = run
                    } else {
                        if let run = current { runs.append(run) }
                        current = ChangedRun(row: row, column: x, text: String(cell.character), style: cell.style, width: Int(cell.width))
                    }
                } else if let run = current {
                    runs.append(run)
                    current = nil
                }
                x += max(1, Int(cell.width))
            }
            if let run = current { runs.append(run) }
        }
        return runs
    }
}
