/// The rows of a query result, as text (libpq's text format); nil is SQL NULL.
public struct PGRows: Sendable, Equatable {
    public let columns: [String]
    public let rows: [[String?]]

    public init(columns: [String], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
    }

    public var count: Int { rows.count }
    public var isEmpty: Bool { rows.isEmpty }

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
