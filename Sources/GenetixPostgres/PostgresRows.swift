/// The rows a statement returned, as text (libpq's text format); nil is SQL NULL. Cells are read by index
/// (`string(row, column)`, `int64`, `double`, `bool`) or by column name (`value(_:row:)`).
public struct PostgresRows: Sendable, Equatable {
    /// Column names in order.
    public let columns: [String]
    /// Each row's values in column order; nil is SQL NULL.
    public let rows: [[String?]]
    /// The number of rows the command affected (`INSERT`, `UPDATE`, `DELETE`), 0 otherwise.
    public let affected: Int

    public init(columns: [String], rows: [[String?]], affected: Int = 0) {
        self.columns = columns
        self.rows = rows
        self.affected = affected
    }

    /// The number of rows.
    public var count: Int { rows.count }
    /// Whether no rows came back.
    public var isEmpty: Bool { rows.isEmpty }

    /// The value of `column` in row `index`, nil for NULL or an unknown column.
    public func value(_ column: String, row index: Int = 0) -> String? {
        guard index < rows.count, let c = columns.firstIndex(of: column) else { return nil }
        return rows[index][c]
    }

    /// The text of a cell by row and column index, nil when NULL or out of range.
    public func string(_ row: Int = 0, _ column: Int = 0) -> String? {
        guard row < rows.count, column < rows[row].count else { return nil }
        return rows[row][column]
    }

    /// A cell as an integer.
    public func int64(_ row: Int = 0, _ column: Int = 0) -> Int64? { string(row, column).flatMap { Int64($0) } }

    /// A cell as a floating-point number.
    public func double(_ row: Int = 0, _ column: Int = 0) -> Double? { string(row, column).flatMap { Double($0) } }

    /// A cell as a boolean (`t` / `f`, or `on` / `off` for settings).
    public func bool(_ row: Int = 0, _ column: Int = 0) -> Bool? {
        switch string(row, column) {
        case "t", "true", "on": true
        case "f", "false", "off": false
        default: nil
        }
    }
}
