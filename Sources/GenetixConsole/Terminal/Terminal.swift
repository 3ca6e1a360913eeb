/// A place to draw screens and read keys from: the real terminal (`NcursesTerminal`), or anything else that can
/// show a `ScreenBuffer`.
public protocol Terminal: AnyObject, Sendable {
    /// The current size in cells.
    var size: TerminalSize { get }
    /// The colours the terminal can show.
    var colorDepth: ColorDepth { get }
    /// Keys, resizes and mouse reports, in order. Ends when the terminal is shut down.
    var events: AsyncStream<TerminalEvent> { get }
    /// Shows a frame; only the cells that differ from the last frame are sent to the screen.
    func draw(_ buffer: ScreenBuffer)
    /// Restores the terminal to how it was found. Safe to call more than once.
    func shutdown()
}
