/// The size of a terminal or screen buffer in character cells.
public struct TerminalSize: Sendable, Hashable, CustomStringConvertible {
    public var rows: Int
    public var columns: Int
    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
    }
    /// `80x24` (columns × rows, as terminals describe themselves).
    public var description: String { "\(columns)x\(rows)" }
}
