import CNcurses
import CSystem
import Foundation
import GenetixCore
import Synchronization

/// The real terminal, through ncurses. Every ncurses call happens on one private thread (ncurses is not thread-safe):
/// it sleeps in poll(2) on the keyboard and a wake-up eventfd, reads every key that is waiting, and draws the latest
/// frame handed to `draw` as soon as it is handed over (the eventfd wakes it), sending only the runs of cells that
/// changed. Colours: 256, else 8, else none, by what the terminal reports.
public final class NcursesTerminal: Terminal {
    // All stored properties are either immutable, Mutex-protected, or touched only on the terminal thread after init.
    private struct Shared {
        var pendingFrame: ScreenBuffer?
        var size: TerminalSize
        var running = true
        var stopped = false
    }
    private let shared: Mutex<Shared>
    private let continuation: AsyncStream<TerminalEvent>.Continuation
    public let events: AsyncStream<TerminalEvent>
    public let colorDepth: ColorDepth
    private let mouse: Bool
    private let finished = DispatchSemaphore(value: 0)
    /// Written by `draw` and `shutdown` to wake the terminal thread out of poll(2).
    private let wakeFD: Int32
    /// How long the terminal thread sleeps without a key, a frame or a resize (SIGWINCH writes to `wakeFD` through
    /// `shim_wake_on_resize`). Only a safety net: every wake-up costs a read through ncurses, and an idle console
    /// should cost close to nothing (it slept 100 ms at a time before, a tenth of its idle CPU).
    private static let idlePollMilliseconds: Int32 = 2_000

    /// Takes over the terminal: locale, raw-ish input, colours, optional mouse. Fails when stdin or stdout is not a
    /// terminal.
    public init(mouse: Bool = true) throws(TerminalError) {
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else { throw .initFailed }
        setlocale(LC_ALL, "")
        guard initscr() != nil else { throw .initFailed }
        cbreak()
        noecho()
        nonl()
        _ = shim_keypad_on()
        set_escdelay(25)
        curs_set(0)
        var depth = ColorDepth.monochrome
        if has_colors() {
            start_color()
            use_default_colors()
            depth = ColorDepth(colors: Int(shim_colors()))
        }
        colorDepth = depth
        self.mouse = mouse
        if mouse {
            mouseinterval(0)
            _ = shim_mousemask(shim_button1_pressed() | shim_button4_pressed() | shim_button5_pressed())
        }
        shim_timeout(0)  // reads never block: poll(2) in `loop` does the waiting
        _ = shim_wake_on_resize(wakeFD)  // after initscr, which installs ncurses' own SIGWINCH handler
        let size = TerminalSize(rows: Int(shim_lines()), columns: Int(shim_cols()))
        shared = Mutex(Shared(size: size))
        (events, continuation) = AsyncStream.makeStream(of: TerminalEvent.self, bufferingPolicy: .bufferingNewest(256))
        let thread = Thread { [self] in
            ThreadName.setCurrent("terminal")
            self.loop()
        }
        thread.start()
    }

    public var size: TerminalSize { shared.withLock { $0.size } }

    public func draw(_ buffer: ScreenBuffer) {
        shared.withLock { $0.pendingFrame = buffer }
        wake()
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    public func shutdown() {
        let wasRunning = shared.withLock { s -> Bool in
            let was = s.running
            s.running = false
            return was
        }
        if wasRunning {
            wake()
            finished.wait()
        }
    }

    deinit {
        shutdown()
        close(wakeFD)
    }

    /// The terminal thread: draw the pending frame, read every waiting key, sleep until a key or a frame arrives;
    /// restore the terminal at the end.
    private func loop() {
        var drawer = NcursesDrawer(depth: colorDepth)
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        while shared.withLock({ $0.running }) {
            if let frame = shared.withLock({ s -> ScreenBuffer? in defer { s.pendingFrame = nil }; return s.pendingFrame }) {
                drawer.draw(frame)
            }
            // Until ncurses has nothing left: it reads the keyboard a byte at a time and may hold bytes of an
            // unfinished escape sequence, so "poll says nothing to read" is only true once get_wch says so too.
            while readKey(&drawer) {}
            fds[0].revents = 0
            fds[1].revents = 0
            _ = poll(&fds, 2, Self.idlePollMilliseconds)
            if fds[1].revents != 0 {
                var count: UInt64 = 0
                _ = read(wakeFD, &count, 8)
            }
        }
        if mouse { _ = shim_mousemask(0) }
        shim_stop_resize_wake()
        curs_set(1)
        endwin()
        continuation.finish()
        finished.signal()
    }

    /// Reads one key, mouse event or resize without waiting and passes it on; false when there was none.
    private func readKey(_ drawer: inout NcursesDrawer) -> Bool {
        var ch: wint_t = 0
        let result = shim_get_wch(&ch)
        if result == shim_err() { return false }
        if result == shim_key_code_yes() {
            if Int32(ch) == shim_key_resize() {
                let size = TerminalSize(rows: Int(shim_lines()), columns: Int(shim_cols()))
                shared.withLock { $0.size = size }
                drawer.invalidate()
                continuation.yield(.resize(size))
            } else if Int32(ch) == shim_key_mouse() {
                if let event = readMouse() { continuation.yield(.mouse(event)) }
            } else if let key = Self.functionKey(Int32(ch)) {
                continuation.yield(.key(key))
            }
        } else if let key = Self.characterKey(UInt32(ch)) {
            continuation.yield(.key(key))
        }
        return true
    }

    private func readMouse() -> MouseEvent? {
        var y: Int32 = 0, x: Int32 = 0
        var state: UInt = 0
        guard shim_mouse_event(&y, &x, &state) == 0 else { return nil }
        if state & shim_button4_pressed() != 0 { return MouseEvent(kind: .wheelUp, row: Int(y), column: Int(x)) }
        if state & shim_button5_pressed() != 0 { return MouseEvent(kind: .wheelDown, row: Int(y), column: Int(x)) }
        if state & (shim_button1_pressed() | shim_button1_clicked()) != 0 { return MouseEvent(kind: .click, row: Int(y), column: Int(x)) }
        return nil
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        default: nil
        }
    }

    static func characterKey(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }
}

/// Why the terminal could not be taken over.
public enum TerminalError: Error, Sendable, CustomStringConvertible {
    case notATerminal
    case initFailed

    public var description: String {
        switch self {
        case .notATerminal: "the console needs a terminal: stdin and stdout must be a TTY (use `genetix status` in scripts)"
        case .initFailed: "ncurses could not initialise the terminal; check that TERM is set (e.g. TERM=xterm-256color)"
        }
    }
}
