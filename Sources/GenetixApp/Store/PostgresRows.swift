/// The rows a statement returned, as text (libpq's text format), with column lookup by name.
public struct PostgresRows: Sendable {
    /// Column names in order.
    public let columns: [String]
    /// Each row's values in column order; nil is SQL NULL.
    public let rows: [[String?]]
    /// The number of rows the command affected (`INSERT`, `UPDATE`, `DELETE`), 0 otherwise.
    public let affected: Int

    public init(columns: [String], rows: [[String?]], affected: Int) {
        self.columns = columns
        self.rows = rows
        self.affected = affected
    }

    /// The value of `column` in row `index`, nil for NULL or an unknown column.
    public func value(_ column: String, row index: Int = 0) -> String? {
        guard index < rows.count, let c = columns.firstIndex(of: column) else { return nil }
        return rows[index][c]
    }

    /// Whether no rows came back.
    public var isEmpty: Bool { rows.isEmpty }
}
