/// An in-memory screen: a grid of cells that views render into and terminals draw from.
///
/// Writing clips at the edges and measures wide characters, so views never compute byte or character counts
/// themselves. Tests read rows back as text with `text(row:)`.
public struct ScreenBuffer: Sendable, Equatable {
    public let size: TerminalSize
    public private(set) var cells: [Cell]
    /// Rows a mouse click can select: row → the id of the item drawn there (a node name, a list index).
    public var rowTargets: [Int: String] = [:]
    /// Where the terminal cursor should be left (the command line), or nil to hide it.
    public var cursor: (row: Int, column: Int)? {
        get { cursorRow.map { ($0, cursorColumn) } }
        set { cursorRow = newValue?.row; cursorColumn = newValue?.column ?? 0 }
    }
    private var cursorRow: Int?
    private var cursorColumn = 0

    /// A buffer of `size` filled with blanks in `style`.
    public init(size: TerminalSize, style: Style = .plain) {
        self.size = size
        cells = Array(repeating: .blank(style), count: size.rows * size.columns)
    }

    public var rows: Int { size.rows }
    public var columns: Int { size.columns }

    /// The cell at a position (a blank for positions outside the buffer).
    public subscript(row: Int, column: Int) -> Cell {
        guard contains(row: row, column: column) else { return .blank() }
        return cells[row * columns + column]
    }

    private func contains(row: Int, column: Int) -> Bool {
        row >= 0 && row < rows && column >= 0 && column < columns
    }

    /// Writes `text` at a position in `style`, clipped to the buffer and to `limit` columns; returns the columns used.
    /// A wide character that does not fit entirely is replaced by a space; control characters are skipped.
    @discardableResult
    public mutating func write(_ text: some StringProtocol, row: Int, column: Int, style: Style, limit: Int? = nil) -> Int {
        guard row >= 0, row < rows else { return 0 }
        let end = min(columns, limit.map { column + max(0, $0) } ?? columns)
        var x = column
        for character in text {
            let w = CharacterWidth.of(character)
            if w == 0 { continue }
            if x + w > end {
                if x < end, x >= 0 { set(Cell.blank(style), row: row, column: x) }
                return (x < end ? end : x) - column
            }
            if x >= 0 {
                set(Cell(character: character, style: style, width: UInt8(w)), row: row, column: x)
                if w == 2 { set(Cell(character: " ", style: style, width: 0), row: row, column: x + 1) }
            }
            x += w
        }
        return x - column
    }

    /// Writes `text` padded with spaces (or cut with `…`) to exactly `width` columns.
    public mutating func write(padded text: some StringProtocol, row: Int, column: Int, width: Int, style: Style, right: Bool = false) {
        write(CharacterWidth.pad(text, to: width, right: right), row: row, column: column, style: style, limit: width)
    }

    /// Fills a rectangle with blanks in `style`.
    public mutating func fill(row: Int, column: Int, height: Int, width: Int, style: Style, character: Character = " ") {
        for y in max(0, row)..<min(rows, row + height) {
            for x in max(0, column)..<min(columns, column + width) {
                set(Cell(character: character, style: style, width: 1), row: y, column: x)
            }
        }
    }

    /// Changes the style of cells in a row without changing their characters (used for selection and highlights).
    public mutating func restyle(row: Int, column: Int, width: Int, _ change: (Style) -> Style) {
        guard row >= 0, row < rows else { return }
        for x in max(0, column)..<min(columns, column + width) {
            cells[row * columns + x].style = change(cells[row * columns + x].style)
        }
    }

    /// Places one cell, repairing any wide character it cuts in half.
    private mutating func set(_ cell: Cell, row: Int, column: Int) {
        guard contains(row: row, column: column) else { return }
        let index = row * columns + column
        let old = cells[index]
        if old.width == 0, column > 0, cells[index - 1].width == 2, cell.width != 0 {
            cells[index - 1] = .blank(cells[index - 1].style)
        }
        if old.width == 2, cell.width != 2, column + 1 < columns {
            cells[index + 1] = .blank(cells[index + 1].style)
        }
        cells[index] = cell
    }

    /// The characters of a row as a string (wide characters once, trailing spaces kept).
    public func text(row: Int) -> String {
        guard row >= 0, row < rows else { return "" }
        var out = ""
        for x in 0..<columns {
            let cell = cells[row * columns + x]
            if cell.width != 0 { out.append(cell.character) }
        }
        return out
    }

    /// Every row as text, trailing spaces removed, joined by newlines: the form snapshot tests compare.
    public var text: String {
        (0..<rows).map { row in
            var line = text(row: row)
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.size == b.size && a.cells == b.cells && a.cursorRow == b.cursorRow && a.cursorColumn == b.cursorColumn
    }
}
